# Reference values for allstats.netsurv.crude_probabilities: relsurv's cmp.rel (issue 14.3).
#
# Run from the repository root:   Rscript tests/reference/make_crude_reference.R
# Needs: R with relsurv. Made with relsurv 2.2-9, survival 3.5-3, R 4.2.
#
# cmp.rel(Surv(time, status) ~ 1, rmap = list(age = age * 365.241, sex = sexn, year = diag)) on
# the 600-patient cohort of us2019_cohort.csv, for both tables of us2019_tables.R:
#   run "default"  tau = the longest follow-up, no add.times
#   run "times"    tau = 10 * 365.241, add.times = c(0.5, 1, 2, 5, 7.5) * 365.241
# cmp.rel's grid holds every day up to the longest follow-up; the file keeps its rows at the
# follow-up times, tau and the added times (all that allstats reports).
#
# Writes, next to this script:
#   us2019_cmp_rel.csv  table, run, time, cancer (causeSpec$est), cancer_var (causeSpec$var),
#                       other (population$est), other_var (population$var)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
                 "us2019_tables.R"))

cohort <- read_us2019_cohort()
added <- c(0.5, 1, 2, 5, 7.5) * 365.241
rows <- list()
for (name in c("flat", "trend")) {
  table <- if (name == "flat") flat else trend
  runs <- list(
    default = cmp.rel(Surv(time, status) ~ 1, data = cohort, ratetable = table,
                      rmap = list(age = age * 365.241, sex = sexn, year = diag)),
    times = cmp.rel(Surv(time, status) ~ 1, data = cohort, ratetable = table,
                    tau = 10 * 365.241, add.times = added,
                    rmap = list(age = age * 365.241, sex = sexn, year = diag)))
  for (run in names(runs)) {
    fit <- runs[[run]]
    keep <- fit$causeSpec$time %in% c(cohort$time, fit$tau, added)
    rows[[length(rows) + 1]] <- data.frame(
      table = name, run = run, time = num(fit$causeSpec$time[keep]),
      cancer = num(fit$causeSpec$est[keep]), cancer_var = num(fit$causeSpec$var[keep]),
      other = num(fit$population$est[keep]), other_var = num(fit$population$var[keep]))
  }
}
write.csv(do.call(rbind, rows), file.path(here, "us2019_cmp_rel.csv"), row.names = FALSE,
          quote = FALSE)
cat("relsurv", format(packageVersion("relsurv")), "\n")
