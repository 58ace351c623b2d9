# cartelsim's health ODE solved by R deSolve (bench/health/run.sh).
# Usage: Rscript ode.R PROBLEM.json OUT.json REPS
# Writes a JSON list of results (lsoda adaptive, and rk4 with the monthly
# step cartelsim uses), each with the seconds per ten-year solve, best of
# five batches of REPS solves.
suppressMessages(library(deSolve))
args <- commandArgs(trailingOnly = TRUE)
txt <- paste(readLines(args[1]), collapse = "")
# Minimal JSON reading without extra packages: the problem is flat.
num <- function(key) {
  m <- regmatches(txt, regexpr(paste0('"', key, '": *[-0-9.eE+]+'), txt))
  as.numeric(sub('.*: *', '', m))
}
y0s <- regmatches(txt, regexpr('"y0": *\\[[^]]*\\]', txt))
y0 <- as.numeric(strsplit(gsub('.*\\[|\\]', '', y0s), ",")[[1]])
keys <- c("alpha", "iota", "nToO", "nToI", "oToI", "outN", "outO", "outI", "outT", "outTO", "outR",
          "tau", "cap", "exitRem", "exitRel", "relapse", "muN", "muO", "muI", "muT", "muTO")
r <- sapply(keys, num)
years <- num("years")
reps <- as.integer(args[3])
rhs <- function(t, y, r) {
  y <- pmax(y, 0)
  n <- y[1]; o <- y[2]; i <- y[3]; tr <- y[4]; rem <- y[5]; to <- y[6]
  room <- max(0, 1 - (tr + to) / r[["cap"]])
  eo <- r[["tau"]] * o * room; ei <- r[["tau"]] * i * room
  list(c(
    r[["alpha"]] - r[["outN"]] * n,
    r[["nToO"]] * n - r[["outO"]] * o - eo + r[["exitRel"]] * to,
    r[["iota"]] + r[["nToI"]] * n + r[["oToI"]] * o - r[["outI"]] * i - ei + r[["exitRel"]] * tr + r[["relapse"]] * rem,
    ei - r[["outT"]] * tr,
    r[["exitRem"]] * (tr + to) - r[["outR"]] * rem,
    eo - r[["outTO"]] * to,
    r[["muN"]] * n + r[["muO"]] * o + r[["muI"]] * i + r[["muT"]] * tr + r[["muTO"]] * to))
}
res <- c()
for (m in list(list("lsoda", c(0, years), "lsoda rtol 1e-8"),
               list("rk4", seq(0, years, by = 1 / 12), "rk4 monthly step"))) {
  # Best of five batches of reps solves (the machine is shared; proc.time
  # has millisecond resolution, so batches rather than single solves).
  best <- Inf
  for (b in 1:5) {
    t0 <- proc.time()[["elapsed"]]
    for (k in seq_len(reps)) {
      out <- if (m[[1]] == "lsoda") ode(c(y0, 0), m[[2]], rhs, r, method = "lsoda", rtol = 1e-8, atol = 1e-3)
             else ode(c(y0, 0), m[[2]], rhs, r, method = "rk4")
    }
    best <- min(best, (proc.time()[["elapsed"]] - t0) / reps)
  }
  y <- out[nrow(out), 2:8]
  res <- c(res, sprintf('{"tool": "R deSolve %s %s", "seconds_per_solve": %.6e, "y_end": [%s], "deaths": %.10g}',
                        as.character(packageVersion("deSolve")), m[[3]], best,
                        paste(sprintf("%.10g", y[1:6]), collapse = ", "), y[7]))
}
writeLines(paste0("[", paste(res, collapse = ", "), "]"), args[2])
