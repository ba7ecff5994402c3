# popEpi's period analysis of the 600-patient US 2019 cohort, to compare with allstats.netsurv's
# net_survival(period=...) (issue 14.2).
#
# Run from the repository root:   Rscript tests/reference/make_period_popepi_reference.R
# Needs: R with popEpi and Epi (Debian: r-cran-popepi). Made with popEpi 0.4.10, Epi 2.47, R 4.2.
#
# popEpi's survtab is interval based, not the continuous-time estimator of relsurv and allstats:
# follow-up split into intervals of 1/24 year, population hazards merged at the mid-points of the
# split records, and (surv.method = "hazard") interval survival exp(-delta (d - d.exp) / pyrs)
# for Ederer II and exp(-delta (d.pp - d.exp.pp) / pyrs.pp) for Pohar Perme, whose weights
# (lexpand, comp_pp_weights) are computed from diagnosis before the records outside the period
# are dropped. popEpi's own tests compare survtab with relsurv's rs.surv (type
# "fleming-harrington") on half-month breaks with tolerances 2.26e-4 (e2) and 2.92e-3 (pp); the
# same comparison is made here, with the follow-up restricted to calendar years 2010-2014.
#
# Writes, next to this script:
#   us2019_period_popepi.csv  method (e2, pp), years (1, 3, 5), surv, SE (popEpi's SE.r.e2 or
#                             SE.r.pp), and pyrs, d (person-years and deaths in the window)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))),
                 "us2019_tables.R"))
suppressMessages({library(popEpi); library(Epi)})

cohort <- read_us2019_cohort()
cohort$exit <- cohort$diag + cohort$time            # dates, fractional days kept
cohort$birth <- cohort$diag - cohort$age * 365.241  # the rate table's year of age
cohort$age <- NULL
cohort$sex <- ifelse(cohort$sex == "male", 0L, 1L)

# population hazards per person-year: -log(1 - q), q = 1 replaced by 0.999 (the flat table)
rows <- list()
for (s in c("male", "female")) {
  q <- 1 - p_of(s)
  grid <- expand.grid(agegroup = 0:100, year = 1990:2020)
  grid$sex <- ifelse(s == "male", 0L, 1L)
  grid$haz <- -log(1 - q[grid$agegroup + 1])
  rows[[s]] <- grid
}
pophaz <- do.call(rbind, rows)

aggregated <- lexpand(cohort, birth = birth, entry = diag, exit = exit, status = status,
                      breaks = list(fot = seq(0, 5, 1 / 24), per = c(2010, 2015),
                                    age = c(0, Inf)),
                      pophaz = pophaz, pp = TRUE, aggre = list(fot))
out <- list()
for (method in c("e2", "pp")) {
  st <- survtab_ag(fot ~ 1, data = aggregated, surv.type = "surv.rel", relsurv.method = method,
                   d = "from0to1", n.cens = "from0to0", d.pp = "from0to1.pp",
                   d.pp.2 = "from0to1.pp.2", n.cens.pp = "from0to0.pp", pyrs.pp = "ptime.pp",
                   d.exp.pp = "d.exp.pp", n.pp = "at.risk.pp")
  st <- as.data.frame(st)
  value <- if (method == "e2") "r.e2" else "r.pp"
  for (years in c(1, 3, 5)) {
    row <- st[which.min(abs(st$Tstop - years)), ]
    out[[length(out) + 1]] <- data.frame(method = method, years = years, surv = num(row[[value]]),
                                         SE = num(row[[paste0("SE.", value)]]),
                                         pyrs = num(sum(st$pyrs[st$Tstop <= years + 1e-9])),
                                         d = sum(st$d[st$Tstop <= years + 1e-9]))
  }
}
write.csv(do.call(rbind, out), file.path(here, "us2019_period_popepi.csv"), row.names = FALSE,
          quote = FALSE)
cat("popEpi", format(packageVersion("popEpi")), "Epi", format(packageVersion("Epi")), "\n")
