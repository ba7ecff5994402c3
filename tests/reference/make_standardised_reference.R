# Reference values for allstats.netsurv.standardised_net_survival (traditional direct
# standardisation), issue 14.5.
#
# Run from the repository root:   Rscript tests/reference/make_standardised_reference.R
# Needs: R with relsurv. Made with relsurv 2.2-9, survival 3.5-3, R 4.2.
#
# relsurv 2.2-9's rs.surv has no weight.table (2.3-2 adds it), so the standardised estimate is
# formed here from relsurv's per-class estimates as rs.surv 2.3-2 does it:
#   S(t) = sum_g W_g S_g(t),  se(t) = sqrt(sum_g W_g^2 se_g(t)^2)
# with S_g and se_g (survival scale) from summary(rs.surv(...), times = c(1, 2, 3) * 365.241) in
# each age class of ICSS 1 (data/standards/icss_weights.csv), on the patients aged 15 and over of
# us2019_cohort.csv, for Pohar Perme and Ederer II and both tables of us2019_tables.R.
#
# Writes, next to this script:
#   us2019_standardised.csv  table, method, group ("15-44" ... "75+", or "standardised"),
#                            weight, time, surv, std_err (survival scale)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
                 "us2019_tables.R"))

weights <- read.csv(file.path(root, "data", "standards", "icss_weights.csv"), stringsAsFactors = FALSE)
weights <- weights[weights$standard == 1, ]
weights <- weights[order(weights$age_low), ]
labels <- ifelse(is.na(weights$age_high), paste0(weights$age_low, "+"),
                 paste0(weights$age_low, "-", weights$age_high))
cohort <- read_us2019_cohort()
cohort <- cohort[cohort$age >= 15, ]
cohort$class <- findInterval(cohort$age, weights$age_low)
times <- c(1, 2, 3) * 365.241
rows <- list()
for (name in c("flat", "trend")) {
  table <- if (name == "flat") flat else trend
  for (method in c("pohar-perme", "ederer2")) {
    surv <- se <- matrix(NA, nrow = nrow(weights), ncol = length(times))
    for (g in seq_len(nrow(weights))) {
      fit <- rs.surv(Surv(time, status) ~ 1, data = cohort[cohort$class == g, ],
                     ratetable = table, method = method,
                     rmap = list(age = age * 365.241, sex = sexn, year = diag))
      s <- summary(fit, times = times)
      stopifnot(length(s$time) == length(times))  # every class followed past 3 years
      surv[g, ] <- s$surv
      se[g, ] <- s$std.err
      rows[[length(rows) + 1]] <- data.frame(table = name, method = method, group = labels[g],
                                             weight = num(weights$value[g]), time = num(times),
                                             surv = num(s$surv), std_err = num(s$std.err))
    }
    rows[[length(rows) + 1]] <- data.frame(
      table = name, method = method, group = "standardised", weight = num(1),
      time = num(times), surv = num(colSums(weights$value * surv)),
      std_err = num(sqrt(colSums(weights$value^2 * se^2))))
  }
}
write.csv(do.call(rbind, rows), file.path(here, "us2019_standardised.csv"), row.names = FALSE,
          quote = FALSE)
cat("relsurv", format(packageVersion("relsurv")), "\n")
