# Reference values for allstats.netsurv.net_survival_test: relsurv's rs.diff, the log-rank-type
# test of net survival between groups (Graffeo et al. 2016), issue 14.4.
#
# Run from the repository root:   Rscript tests/reference/make_rs_diff_reference.R
# Needs: R with relsurv. Made with relsurv 2.2-9, survival 3.5-3, R 4.2.
#
# rs.diff(Surv(time, status) ~ <groups>, rmap = list(age = age * 365.241, sex = sexn, year = diag))
# on the 600-patient cohort of us2019_cohort.csv, with agegroup = cut(age, c(0, 20, 65, Inf),
# right = FALSE) (labels "0-19", "20-64", "65+"):
#   sex           ~ sex, tables flat and trend
#   agegroup      ~ agegroup, table flat
#   sex_by_age    ~ sex + strata(agegroup), table flat (stratified test)
#
# Writes, next to this script:
#   us2019_rs_diff.csv        table, test, statistic, df, p_value
#   us2019_rs_diff_groups.csv table, test, group (in rs.diff's order), n, n_event (deaths per
#                             group, over strata), zh (observed - expected; relsurv keeps the
#                             first K-1 groups, the last is written as NA), and the covariance
#                             matrix row by row as cov_1 ... cov_{K-1} (empty for the last group)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
                 "us2019_tables.R"))

cohort <- read_us2019_cohort()
cohort$agegroup <- cut(cohort$age, c(0, 20, 65, Inf), right = FALSE,
                       labels = c("0-19", "20-64", "65+"))
cohort$sex <- factor(cohort$sex, levels = c("female", "male"))
runs <- list(
  list("flat", "sex", Surv(time, status) ~ sex),
  list("trend", "sex", Surv(time, status) ~ sex),
  list("flat", "agegroup", Surv(time, status) ~ agegroup),
  list("flat", "sex_by_age", Surv(time, status) ~ sex + strata(agegroup)))
tests <- list()
groups <- list()
for (run in runs) {
  table <- if (run[[1]] == "flat") flat else trend
  fit <- suppressWarnings(rs.diff(run[[3]], data = cohort, ratetable = table,
                                  rmap = list(age = age * 365.241, sex = sexn, year = diag)))
  tests[[length(tests) + 1]] <- data.frame(table = run[[1]], test = run[[2]],
                                           statistic = num(fit$test.stat), df = fit$df,
                                           p_value = num(fit$p.value))
  variable <- if (run[[2]] == "agegroup") "agegroup" else "sex"
  # rs.diff orders the groups by strata() of its model matrix, which for a factor with three
  # levels is not the level order ("0-19", "65+", "20-64" here): name them by their sizes,
  # which differ (fit$n is stored without names)
  counts <- table(cohort[[variable]])
  stopifnot(!anyDuplicated(as.vector(counts)), length(fit$n) == length(counts))
  levels <- names(counts)[match(fit$n, as.vector(counts))]
  k <- length(levels)
  events <- tapply(cohort$status, cohort[[variable]], sum)
  cov <- matrix(NA, nrow = k, ncol = k - 1)
  cov[-k, ] <- fit$covmat
  block <- data.frame(table = run[[1]], test = run[[2]], group = levels,
                      n = as.vector(fit$n), n_event = as.vector(events[levels]),
                      zh = num(c(fit$zh, NA)))
  for (col in seq_len(k - 1)) block[[paste0("cov_", col)]] <- num(cov[, col])
  groups[[length(groups) + 1]] <- block
}
write.csv(do.call(rbind, tests), file.path(here, "us2019_rs_diff.csv"), row.names = FALSE,
          quote = FALSE)
all_groups <- do.call(rbind, lapply(groups, function(g) {
  for (col in c("cov_1", "cov_2")) if (!col %in% names(g)) g[[col]] <- NA
  g
}))
write.csv(all_groups, file.path(here, "us2019_rs_diff_groups.csv"), row.names = FALSE,
          quote = FALSE, na = "")
cat("relsurv", format(packageVersion("relsurv")), "\n")
