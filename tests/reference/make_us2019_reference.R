# Reference values for allstats.netsurv from R's relsurv, on the US 2019 life tables.
#
# Run from the repository root:   Rscript tests/reference/make_us2019_reference.R
# Needs: R with relsurv (Debian/Ubuntu: apt-get install r-cran-relsurv). Made with relsurv 2.2-9,
# survival 3.5-3, R 4.2.
#
# Writes, next to this script:
#   us2019_cohort.csv          the synthetic cohort (generated here with a fixed seed)
#   us2019_rs_surv.csv         rs.surv at every time (conf.type "log"): table, method, conf_type,
#                              time, n.risk, n.event, n.censor, surv, std.err (of the cumulative
#                              hazard, as fit$std.err), lower, upper
#   us2019_rs_surv_summary.csv summary(fit, times = c(1, 5, 10) * 365.241) for every run, also
#                              conf.type "log-log" and "plain" (std.err on the survival scale)
#
# Rate tables (built with relsurv::transrate, hazard = -log(p)/365.241 per day, ages 0-100 with
# cut points age*365.241 days, the last age carried forward):
#   flat   the 2019 period table for every calendar year (one year column, 2019);
#          p = 1 - qx, with qx = 1 (the "100 and over" row) replaced by 0.999 as transrate.hmd does.
#   trend  year columns 1990, 1995, ..., 2020 (from 1 January), column y holding p^(1.02^(2019 - y)),
#          i.e. the 2019 hazards times 1.02^(2019 - y).
# Hakulinen is computed on the flat table only: relsurv 2.2-9 evaluates the Hakulinen expected
# survival with the original rate table, whose calendar cut points count days from 1960 while the
# patients' dates count from 1970, which shifts calendar years by ten (relsurv 2.3-2 differs
# there). With one year column the calendar year plays no part, so 2.2-9 and 2.3-2 agree.
#
# Only derived numbers are written; no relsurv data set (rdata, colrec, slopop) is used.

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
              "us2019_tables.R"))

# ---- the cohort ------------------------------------------------------------------------------
set.seed(20191231)
n <- 600
group <- sample(c("child", "adult", "old"), n, replace = TRUE, prob = c(0.45, 0.53, 0.02))
age <- ifelse(group == "child", runif(n, 0, 20),
              ifelse(group == "adult", runif(n, 20, 85), runif(n, 85, 101)))
age <- round(age, 4)
sex <- sample(c("male", "female"), n, replace = TRUE, prob = c(0.55, 0.45))
diagnosed <- as.Date("1995-01-01") + sample(0:7669, n, replace = TRUE)
potential <- pmin(as.numeric(as.Date("2019-12-31") - diagnosed), 5479)
yearly_excess <- ifelse(group == "child", 0.08, ifelse(group == "old", 3, 0.12 + 0.01 * (age - 20)))
death <- ceiling(rexp(n, rate = yearly_excess / 365.241))
lost <- ifelse(runif(n) < 0.2, ceiling(runif(n, 1, potential)), Inf)
end <- pmin(potential, lost)
status <- as.integer(death <= end)
time <- pmin(death, end)
half <- runif(n) < 0.1  # a few half days, to exercise the shortened steps of the daily grid
time[half] <- time[half] - 0.5
time[time <= 0] <- 0.5

cohort <- data.frame(id = seq_len(n), time = time, status = status, age = age, sex = sex,
                     diagnosed = format(diagnosed, "%Y-%m-%d"), stringsAsFactors = FALSE)
out <- cohort
out$time <- num(out$time)
out$age <- num(out$age)
write.csv(out, file.path(here, "us2019_cohort.csv"), row.names = FALSE, quote = FALSE)

cohort$diag <- as.Date(cohort$diagnosed)
cohort$sexn <- ifelse(cohort$sex == "male", 1L, 2L)

# ---- rs.surv ---------------------------------------------------------------------------------
fit <- function(table, method, conf_type = "log") {
  rs.surv(Surv(time, status) ~ 1, data = cohort, ratetable = table, method = method,
          conf.type = conf_type, rmap = list(age = age * 365.241, sex = sexn, year = diag))
}
runs <- list(
  list("flat", flat, "pohar-perme", "log"), list("flat", flat, "ederer2", "log"),
  list("flat", flat, "ederer1", "log"), list("flat", flat, "hakulinen", "log"),
  list("flat", flat, "pohar-perme", "log-log"), list("flat", flat, "ederer2", "plain"),
  list("trend", trend, "pohar-perme", "log"), list("trend", trend, "ederer2", "log"),
  list("trend", trend, "ederer1", "log")
)
all_rows <- list()
summary_rows <- list()
years <- c(1, 5, 10)
for (run in runs) {
  f <- fit(run[[2]], run[[3]], run[[4]])
  # the log-log and plain runs repeat a curve already written: keep only their summaries
  if (run[[4]] == "log") all_rows[[length(all_rows) + 1]] <- data.frame(
    table = run[[1]], method = run[[3]], conf_type = run[[4]], time = num(f$time),
    n.risk = f$n.risk, n.event = f$n.event, n.censor = f$n.censor, surv = num(f$surv),
    std.err = num(f$std.err), lower = num(f$lower), upper = num(f$upper))
  s <- summary(f, times = years * 365.241)
  summary_rows[[length(summary_rows) + 1]] <- data.frame(
    table = run[[1]], method = run[[3]], conf_type = run[[4]], time = num(s$time),
    n.risk = s$n.risk, n.event = s$n.event, n.censor = s$n.censor, surv = num(s$surv),
    std.err = num(s$std.err), lower = num(s$lower), upper = num(s$upper))
}
write.csv(do.call(rbind, all_rows), file.path(here, "us2019_rs_surv.csv"),
          row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, summary_rows), file.path(here, "us2019_rs_surv_summary.csv"),
          row.names = FALSE, quote = FALSE)
cat("relsurv", format(packageVersion("relsurv")), "survival", format(packageVersion("survival")),
    "\n")
