# R's side of benchmarks/bench_netsurv_methods.py: times relsurv and popEpi on a cohort written
# by the benchmark, on the flat US 2019 table of tests/reference/us2019_tables.R.
#
#   Rscript benchmarks/netsurv_methods.R <repository root> <cohort.csv> <repeats>
#
# Prints one line per run: method, elapsed seconds (wall), user + system seconds (CPU).
#   period        popEpi: lexpand (1/24-year intervals, calendar years 2015-2019, Pohar Perme
#                 weights) + survtab_ag (relsurv.method "pp")
#   crude         relsurv::cmp.rel(Surv(time, status) ~ 1)
#   test          relsurv::rs.diff(Surv(time, status) ~ sex)
#   standardised  relsurv::rs.surv (pohar-perme) in each ICSS 1 age class of the patients aged 15
#                 and over, then the weighted sum (2.2-9 has no weight.table)

args <- commandArgs(trailingOnly = TRUE)
root <- normalizePath(args[1])
here <- tempdir()
source(file.path(root, "tests", "reference", "us2019_tables.R"))
suppressMessages(library(popEpi))
repeats <- as.integer(args[3])

cohort <- read.csv(args[2], stringsAsFactors = FALSE)
cohort$diag <- as.Date(cohort$diagnosed)
cohort$sexn <- ifelse(cohort$sex == "male", 1L, 2L)

timed <- function(name, expr) {
  for (r in seq_len(repeats)) {
    t <- system.time(eval.parent(substitute(expr)))
    cat(name, t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], "\n")
  }
}

# popEpi's input: dates, birth from age, sex coded 0/1, hazards per year from the flat table
lex <- cohort
lex$exit <- lex$diag + lex$time
lex$birth <- lex$diag - lex$age * 365.241
lex$age <- NULL
lex$sex <- ifelse(lex$sex == "male", 0L, 1L)
pophaz <- do.call(rbind, lapply(c("male", "female"), function(s) {
  grid <- expand.grid(agegroup = 0:100, year = 1990:2020)
  grid$sex <- ifelse(s == "male", 0L, 1L)
  grid$haz <- -log(p_of(s)[grid$agegroup + 1])
  grid
}))

weights <- read.csv(file.path(root, "data", "standards", "icss_weights.csv"), stringsAsFactors = FALSE)
weights <- weights[weights$standard == 1, ]
weights <- weights[order(weights$age_low), ]
adults <- cohort[cohort$age >= 15, ]
adults$class <- findInterval(adults$age, weights$age_low)

suppressMessages(suppressWarnings({
  timed("period", {
    aggregated <- lexpand(lex, birth = birth, entry = diag, exit = exit, status = status,
                          breaks = list(fot = seq(0, 5, 1 / 24), per = c(2015, 2020),
                                        age = c(0, Inf)),
                          pophaz = pophaz, pp = TRUE, aggre = list(fot))
    survtab_ag(fot ~ 1, data = aggregated, surv.type = "surv.rel", relsurv.method = "pp",
               d = "from0to1", n.cens = "from0to0", d.pp = "from0to1.pp",
               d.pp.2 = "from0to1.pp.2", n.cens.pp = "from0to0.pp", pyrs.pp = "ptime.pp",
               d.exp.pp = "d.exp.pp", n.pp = "at.risk.pp")
  })
  timed("crude", cmp.rel(Surv(time, status) ~ 1, data = cohort, ratetable = flat,
                         rmap = list(age = age * 365.241, sex = sexn, year = diag)))
  timed("test", rs.diff(Surv(time, status) ~ sex, data = cohort, ratetable = flat,
                        rmap = list(age = age * 365.241, sex = sexn, year = diag)))
  timed("standardised", {
    surv <- sapply(seq_len(nrow(weights)), function(g) {
      fit <- rs.surv(Surv(time, status) ~ 1, data = adults[adults$class == g, ],
                     ratetable = flat, method = "pohar-perme",
                     rmap = list(age = age * 365.241, sex = sexn, year = diag))
      summary(fit, times = 5 * 365.241, extend = TRUE)$surv
    })
    sum(weights$value * surv)
  })
}))
