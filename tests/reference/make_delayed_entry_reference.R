# Reference values for allstats.netsurv's delayed entry (left truncation), issue 14.2.
#
# Run from the repository root:   Rscript tests/reference/make_delayed_entry_reference.R
# Needs: R with survival (and relsurv for us2019_tables.R). Made with survival 3.5-3, R 4.2.
#
# relsurv 2.2-9's rs.surv accepts Surv(start, stop, event) but ignores start, so it is no
# reference for delayed entry. With a population hazard of zero, Pohar Perme and Ederer II are
# the Kaplan-Meier (curve "kaplan-meier") or exp(-Nelson-Aalen) (curve "fleming-harrington")
# estimates, and survival's survfit computes those for left-truncated data:
#   km  survfit(Surv(entry, time, status) ~ 1)                       surv
#   fh  survfit(Surv(entry, time, status) ~ 1, stype = 2, ctype = 1)  surv, std.err
#       (std.err = sqrt(sum d / Y^2), the SE of the cumulative hazard, as relsurv's)
# at every time survfit reports (the distinct exit times).
#
# Writes, next to this script:
#   delayed_entry_cohort.csv   400 synthetic patients: id, entry, time (days), status, age, sex,
#                              diagnosed (generated here with a fixed seed)
#   delayed_entry_survfit.csv  curve, time, n.risk, n.event, surv, std.err

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
                 "us2019_tables.R"))

set.seed(20240607)
n <- 400
time <- ceiling(rexp(n, rate = 1 / 900))
time <- pmin(time, 4000)
late <- runif(n) < 0.5
entry <- ifelse(late, floor(runif(n) * time), 0)         # whole days, some equal to others' exits
half <- runif(n) < 0.1
time[half] <- time[half] + 0.5                             # fractional exits
quarter <- late & runif(n) < 0.2
entry[quarter] <- entry[quarter] + 0.25                    # and fractional entries
entry <- pmin(entry, time - 0.25)
entry[entry < 0] <- 0
status <- as.integer(runif(n) < 0.7)
age <- round(runif(n, 1, 85), 4)
sex <- sample(c("male", "female"), n, replace = TRUE)
diagnosed <- as.Date("2000-01-01") + sample(0:5000, n, replace = TRUE)
cohort <- data.frame(id = seq_len(n), entry = entry, time = time, status = status, age = age,
                     sex = sex, diagnosed = format(diagnosed, "%Y-%m-%d"),
                     stringsAsFactors = FALSE)
stopifnot(all(cohort$entry < cohort$time), any(cohort$entry > 0))
out <- cohort
out$entry <- num(out$entry)
out$time <- num(out$time)
out$age <- num(out$age)
write.csv(out, file.path(here, "delayed_entry_cohort.csv"), row.names = FALSE, quote = FALSE)

km <- survfit(Surv(entry, time, status) ~ 1, data = cohort)
fh <- survfit(Surv(entry, time, status) ~ 1, data = cohort, stype = 2, ctype = 1)
rows <- rbind(
  data.frame(curve = "kaplan-meier", time = num(km$time), n.risk = km$n.risk,
             n.event = km$n.event, surv = num(km$surv), std.err = NA),
  data.frame(curve = "fleming-harrington", time = num(fh$time), n.risk = fh$n.risk,
             n.event = fh$n.event, surv = num(fh$surv), std.err = num(fh$std.err)))
write.csv(rows, file.path(here, "delayed_entry_survfit.csv"), row.names = FALSE, quote = FALSE)
cat("survival", format(packageVersion("survival")), "\n")
