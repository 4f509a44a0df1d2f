# Writes the public series of bench/accuracy-public.sh as bench/public/NAME.csv (timestamp,value; an
# empty value is a gap) and their list, bench/public/series.csv (name, the service's frequency, the
# seasonal periods, the hold-out, the source). Run once from the repository's root:
#   Rscript bench/public/export.R
# The CSV files are committed, so that the benchmark's Java side never needs R. Needs R's datasets,
# forecast (gas, wineind, woolyrnq, taylor) and tseries (ice.river; a dependency of forecast).
suppressPackageStartupMessages({ library(forecast); library(tseries) })
out <- "bench/public"
rows <- list()

# timestamps: first day of each month for monthly, quarterly and yearly series (calendar months 1/3/12),
# midnight UTC for daily series, ISO instants for sub-daily ones
stamp_months <- function(x, step_months) {
  start <- start(x); f <- frequency(x)
  first_month <- if (f == 12) start[2] else if (f == 4) (start[2] - 1) * 3 + 1 else 1
  m0 <- start[1] * 12 + first_month - 1 + (seq_along(x) - 1) * step_months
  sprintf("%04d-%02d-01", m0 %/% 12, m0 %% 12 + 1)
}
stamp_days <- function(n, from) format(as.Date(from) + 0:(n - 1), "%Y-%m-%d")
stamp_steps <- function(n, from, seconds) format(as.POSIXct(from, tz = "UTC") + (0:(n - 1)) * seconds, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")

add <- function(name, values, stamps, frequency, periods, holdout, source) {
  values <- as.numeric(values)
  stopifnot(length(values) == length(stamps), !anyDuplicated(stamps))
  write.csv(data.frame(timestamp = stamps, value = ifelse(is.na(values), "", as.character(values))),
            file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  rows[[length(rows) + 1]] <<- data.frame(name = name, frequency = frequency, periods = periods, holdout = holdout,
                                          n = length(values), source = source)
}

# the eight of ../shared/reference/series (the same data; the calendar-less ones on an artificial yearly index)
add("lh", lh, sprintf("%04d-01-01", 1900 + seq_along(lh)), "P1Y", "1", 6, "lh (no calendar: artificial yearly index 1901..)")
add("WWWusage", WWWusage, sprintf("%04d-01-01", 1900 + seq_along(WWWusage)), "P1Y", "1", 6, "WWWusage (no calendar: artificial yearly index 1901..)")
add("BJsales", BJsales, sprintf("%04d-01-01", 1900 + seq_along(BJsales)), "P1Y", "1", 6, "BJsales (no calendar: artificial yearly index 1901..)")
add("JohnsonJohnson", JohnsonJohnson, stamp_months(JohnsonJohnson, 3), "P3M", "4", 8, "JohnsonJohnson (raw, not logged)")
add("austres", austres, stamp_months(austres, 3), "P3M", "4", 8, "austres")
add("Seatbelts_front", Seatbelts[, "front"], stamp_months(Seatbelts[, "front"], 1), "P1M", "12", 12, "Seatbelts[, \"front\"]")
sun <- window(sunspot.month, c(1900, 1), c(1979, 12))
add("sunspot_month_1900_1979", sun, stamp_months(sun, 1), "P1M", "12", 12, "window(sunspot.month, c(1900,1), c(1979,12))")
add("uspop", uspop, sprintf("%04d-01-01", seq(1790, by = 10, length.out = length(uspop))), "P10Y", "1", 4, "uspop (every ten years)")

# more classic series: R's datasets and forecast packages, and tseries
add("AirPassengers", AirPassengers, stamp_months(AirPassengers, 1), "P1M", "12", 12, "AirPassengers")
add("co2", co2, stamp_months(co2, 1), "P1M", "12", 12, "co2")
add("nottem", nottem, stamp_months(nottem, 1), "P1M", "12", 12, "nottem")
add("USAccDeaths", USAccDeaths, stamp_months(USAccDeaths, 1), "P1M", "12", 12, "USAccDeaths")
add("UKDriverDeaths", UKDriverDeaths, stamp_months(UKDriverDeaths, 1), "P1M", "12", 12, "UKDriverDeaths")
add("wineind", wineind, stamp_months(wineind, 1), "P1M", "12", 12, "forecast::wineind")
add("gas", gas, stamp_months(gas, 1), "P1M", "12", 12, "forecast::gas")
add("UKgas", UKgas, stamp_months(UKgas, 3), "P3M", "4", 8, "UKgas")
add("woolyrnq", woolyrnq, stamp_months(woolyrnq, 3), "P3M", "4", 8, "forecast::woolyrnq")
add("Nile", Nile, stamp_months(Nile, 12), "P1Y", "1", 6, "Nile")
add("airquality_temp", airquality$Temp, stamp_days(nrow(airquality), "1973-05-01"), "P1D", "7", 14, "airquality$Temp (1973-05-01..09-30)")
data(ice.river, package = "tseries")
add("ice_river_jokulsa", ice.river[, "flow.jok"], stamp_days(nrow(ice.river), "1972-01-01"), "P1D", "7", 14,
    "tseries::ice.river[, \"flow.jok\"] (1972-01-01..1974-12-31)")
add("taylor", taylor, stamp_steps(length(taylor), "2000-06-05 00:00:00", 1800), "PT30M", "48;336", 96, "forecast::taylor (2000-06-05..08-27)")

# test_data: the value column of the training file, the test file held out (its 336 hours)
train <- read.csv("test_data/time_series_train.csv", colClasses = c("character", "numeric", "numeric", "numeric"))
test <- read.csv("test_data/time_series_test.csv", colClasses = c("character", "numeric", "numeric", "numeric"))
add("test_data", c(train$value, test$value), c(train$timestamp, test$timestamp), "PT1H", "24;168", nrow(test),
    "test_data/time_series_{train,test}.csv value column")

write.csv(do.call(rbind, rows), file.path(out, "series.csv"), row.names = FALSE)
