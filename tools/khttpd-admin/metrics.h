// khttpd-admin metrics: /proc/khttpd in Prometheus' text exposition format
// (version 0.0.4), for prometheus-node-exporter's textfile collector or a
// scrape through any exporter that serves a file.
#ifndef KHTTPD_ADMIN_METRICS_H_
#define KHTTPD_ADMIN_METRICS_H_

#include <optional>
#include <string>

#include "stats.h"

namespace khttpd::admin {

// Every metric khttpd has (docs/admin.md, "Metrics"): counters *_total,
// gauges, the latency histograms per route in seconds, khttpd_up and
// khttpd_build_info. stats is nullopt when khttpd is not loaded: then only
// khttpd_up 0 and the build info. Keys of /proc/khttpd this version does
// not know are left out.
std::string format_metrics(const std::optional<Stats>& stats, const std::string& module_version,
                           const std::string& admin_version);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_METRICS_H_
