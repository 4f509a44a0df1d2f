# R's side of bench/accuracy-public.sh: for every series of bench/public/series.csv, on its training
# part (all but the last `holdout` points), forecast::auto.arima, ets and thetaf at their defaults
# with the series' shortest seasonal period as the ts frequency (1 for non-seasonal series; 24 for
# test_data's hours and 48 for taylor's half-hours, since none of the three takes msts' several
# seasons; ets ignores seasons above 24, as R warns), the horizon the hold-out's length, 80% and 95%
# intervals. Gaps (test_data has 10) are filled with forecast::na.interp first, for all three.
# fit_seconds is the elapsed time of the fit and its forecast. Writes bench/public/r-forecasts.csv:
# one row per series, method and step. Run from the repository's root:
#   Rscript bench/public/forecasts.R [SERIES ...]      (default: every series in series.csv)
suppressPackageStartupMessages(library(forecast))
dir <- "bench/public"
manifest <- read.csv(file.path(dir, "series.csv"), stringsAsFactors = FALSE)
only <- commandArgs(trailingOnly = TRUE)
if (length(only) > 0) manifest <- manifest[manifest$name %in% only, ]
out <- file.path(dir, "r-forecasts.csv")
header <- sprintf("# R %s.%s, forecast %s, written %s", R.version$major, R.version$minor, packageVersion("forecast"),
                  format(Sys.time(), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"))
writeLines(c(header, "series,method,model,fit_seconds,step,mean,lo80,hi80,lo95,hi95"), out)

methods <- list(
  auto.arima = function(y, h) { fit <- auto.arima(y); list(model = as.character(fit), f = forecast(fit, h = h, level = c(80, 95))) },
  ets = function(y, h) { fit <- ets(y); list(model = fit$method, f = forecast(fit, h = h, level = c(80, 95))) },
  thetaf = function(y, h) { f <- thetaf(y, h = h, level = c(80, 95)); list(model = "Theta", f = f) }
)

for (i in seq_len(nrow(manifest))) {
  s <- manifest[i, ]
  data <- read.csv(file.path(dir, paste0(s$name, ".csv")), colClasses = c("character", "numeric"))
  n_train <- nrow(data) - s$holdout
  period <- as.numeric(strsplit(as.character(s$periods), ";")[[1]][1])
  y <- ts(data$value[1:n_train], frequency = period)
  if (anyNA(y)) y <- na.interp(y)
  for (m in names(methods)) {
    started <- proc.time()[["elapsed"]]
    r <- tryCatch(suppressWarnings(methods[[m]](y, s$holdout)), error = function(e) e)
    seconds <- proc.time()[["elapsed"]] - started
    if (inherits(r, "error")) {
      message(sprintf("%-26s %-10s failed: %s", s$name, m, conditionMessage(r)))
      next
    }
    f <- r$f
    rows <- data.frame(series = s$name, method = m, model = gsub(",", ";", r$model), fit_seconds = round(seconds, 3),
                       step = seq_len(s$holdout), mean = as.numeric(f$mean),
                       lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
                       lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
    write.table(format(rows, digits = 10, trim = TRUE), out, append = TRUE, sep = ",", quote = FALSE, row.names = FALSE, col.names = FALSE)
    message(sprintf("%-26s %-10s %-36s %7.2f s", s$name, m, r$model, seconds))
  }
}
