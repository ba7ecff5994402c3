# Shared by the reference scripts in this folder: the folder, the repository root, the two relsurv
# rate tables built from data/us_life_tables_2019.csv, and helpers. Source it from a script run
# from the repository root (Rscript tests/reference/<script>.R).
#
# Rate tables (relsurv::transrate, hazard = -log(p)/365.241 per day, ages 0-100 with cut points
# age*365.241 days, the last age carried forward):
#   flat   the 2019 period table for every calendar year (one year column, 2019);
#          p = 1 - qx, with qx = 1 (the "100 and over" row) replaced by 0.999 as transrate.hmd does.
#   trend  year columns 1990, 1995, ..., 2020 (from 1 January), column y holding p^(1.02^(2019 - y)),
#          i.e. the 2019 hazards times 1.02^(2019 - y).

suppressMessages(library(relsurv))

# `here` is the folder of the running script and `root` the repository; a script outside
# tests/reference sets `root` (and `here`, where it writes) before sourcing this file.
if (!exists("here")) {
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(script)) dirname(normalizePath(script)) else file.path("tests", "reference")
}
if (!exists("root")) root <- normalizePath(file.path(here, "..", ".."))

life <- read.csv(file.path(root, "data", "us_life_tables_2019.csv"), stringsAsFactors = FALSE)
p_of <- function(sex) {
  rows <- life[life$sex == sex, ]
  rows <- rows[order(rows$age), ]
  stopifnot(identical(as.numeric(rows$age), as.numeric(0:100)))
  q <- rows$qx
  q[q == 1] <- 0.999
  1 - q
}
p_male <- p_of("male")
p_female <- p_of("female")

flat <- transrate(matrix(p_male, ncol = 1), matrix(p_female, ncol = 1),
                  yearlim = c(2019, 2019), int.length = 1)
trend_years <- seq(1990, 2020, by = 5)
multiplier <- 1.02^(2019 - trend_years)
trend <- transrate(sapply(multiplier, function(m) p_male^m),
                   sapply(multiplier, function(m) p_female^m),
                   yearlim = c(1990, 2020), int.length = 5)

# every digit of a double, for the CSV files
num <- function(x) sprintf("%.17g", x)

# the 600-patient cohort written by make_us2019_reference.R, with R's columns added
read_us2019_cohort <- function() {
  cohort <- read.csv(file.path(here, "us2019_cohort.csv"), stringsAsFactors = FALSE)
  cohort$diag <- as.Date(cohort$diagnosed)
  cohort$sexn <- ifelse(cohort$sex == "male", 1L, 2L)
  cohort
}
