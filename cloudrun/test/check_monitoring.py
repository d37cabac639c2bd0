#!/usr/bin/env python3
"""Checks the shape of OpenDrive's monitoring files against the API resources they are sent as.

    python3 cloudrun/test/check_monitoring.py KIND FILE...

KIND is metric (Logging API LogMetric), policy (Monitoring API AlertPolicy) or dashboard (Monitoring
Dashboard). Each FILE must parse as JSON, use only fields the resource has, and carry the parts
OpenDrive relies on (filters naming a metric and a resource type, valid enum values, durations).
Placeholders (${NAME}) may still be in a template's strings. Prints one line per problem and exits
1 if there is any. Used by cloudrun/test/deploy-script-test.sh; only the standard library.
"""
import json
import re
import sys

DURATION = re.compile(r"^[0-9]+s$")
ALIGNERS = {
    "ALIGN_NONE", "ALIGN_DELTA", "ALIGN_RATE", "ALIGN_INTERPOLATE", "ALIGN_NEXT_OLDER", "ALIGN_MIN",
    "ALIGN_MAX", "ALIGN_MEAN", "ALIGN_COUNT", "ALIGN_SUM", "ALIGN_STDDEV", "ALIGN_COUNT_TRUE",
    "ALIGN_COUNT_FALSE", "ALIGN_FRACTION_TRUE", "ALIGN_PERCENTILE_99", "ALIGN_PERCENTILE_95",
    "ALIGN_PERCENTILE_50", "ALIGN_PERCENTILE_05", "ALIGN_PERCENT_CHANGE",
}
REDUCERS = {
    "REDUCE_NONE", "REDUCE_MEAN", "REDUCE_MIN", "REDUCE_MAX", "REDUCE_SUM", "REDUCE_STDDEV", "REDUCE_COUNT",
    "REDUCE_COUNT_TRUE", "REDUCE_COUNT_FALSE", "REDUCE_FRACTION_TRUE", "REDUCE_PERCENTILE_99",
    "REDUCE_PERCENTILE_95", "REDUCE_PERCENTILE_50", "REDUCE_PERCENTILE_05",
}
COMPARISONS = {"COMPARISON_GT", "COMPARISON_GE", "COMPARISON_LT", "COMPARISON_LE", "COMPARISON_EQ", "COMPARISON_NE"}
LOG_METRIC_FIELDS = {"name", "description", "filter", "bucketName", "disabled", "metricDescriptor",
                     "valueExtractor", "labelExtractors", "bucketOptions"}
DESCRIPTOR_FIELDS = {"metricKind", "valueType", "unit", "displayName", "description", "labels"}
POLICY_FIELDS = {"displayName", "documentation", "userLabels", "conditions", "combiner", "enabled",
                 "notificationChannels", "alertStrategy", "severity"}
CONDITION_KINDS = {"conditionThreshold", "conditionAbsent", "conditionMatchedLog",
                   "conditionMonitoringQueryLanguage", "conditionPrometheusQueryLanguage", "conditionSql"}
THRESHOLD_FIELDS = {"filter", "aggregations", "denominatorFilter", "denominatorAggregations", "comparison",
                    "thresholdValue", "duration", "trigger", "evaluationMissingData", "forecastOptions"}
DASHBOARD_FIELDS = {"name", "displayName", "etag", "gridLayout", "mosaicLayout", "rowLayout", "columnLayout",
                    "dashboardFilters", "labels"}
WIDGET_KINDS = {"xyChart", "scorecard", "text", "blank", "alertChart", "timeSeriesTable", "collapsibleGroup",
                "logsPanel", "incidentList", "pieChart", "errorReportingPanel", "sectionHeader",
                "singleViewGroup", "filterControl"}

problems = []


def problem(where, what):
    problems.append("%s: %s" % (where, what))


def only(where, obj, allowed):
    for key in obj:
        if key not in allowed:
            problem(where, "unknown field %r" % key)


def check_time_series_filter(where, flt):
    if 'metric.type="' not in flt:
        problem(where, "filter names no metric.type")
    if 'resource.type="' not in flt:
        problem(where, "filter names no resource.type")


def check_aggregation(where, agg):
    only(where, agg, {"alignmentPeriod", "perSeriesAligner", "crossSeriesReducer", "groupByFields"})
    if "alignmentPeriod" in agg and not DURATION.match(agg["alignmentPeriod"]):
        problem(where, "alignmentPeriod %r is not a duration" % agg["alignmentPeriod"])
    if agg.get("perSeriesAligner", "ALIGN_NONE") not in ALIGNERS:
        problem(where, "unknown aligner %r" % agg["perSeriesAligner"])
    if agg.get("crossSeriesReducer", "REDUCE_NONE") not in REDUCERS:
        problem(where, "unknown reducer %r" % agg["crossSeriesReducer"])
    if agg.get("crossSeriesReducer", "REDUCE_NONE") != "REDUCE_NONE" and agg.get("perSeriesAligner", "ALIGN_NONE") == "ALIGN_NONE":
        problem(where, "a cross-series reducer needs a per-series aligner")


def check_metric(path, m):
    only(path, m, LOG_METRIC_FIELDS)
    for key in ("name", "filter"):
        if not m.get(key):
            problem(path, "missing %s" % key)
    d = m.get("metricDescriptor", {})
    only(path + " metricDescriptor", d, DESCRIPTOR_FIELDS)
    if d.get("metricKind", "DELTA") != "DELTA":
        problem(path, "logs-based metrics are DELTA")
    value_type = d.get("valueType", "INT64")
    if value_type not in ("INT64", "DISTRIBUTION"):
        problem(path, "valueType %r (INT64 counter or DISTRIBUTION)" % value_type)
    if value_type == "DISTRIBUTION":
        if not re.match(r"^(EXTRACT|REGEXP_EXTRACT)\(", m.get("valueExtractor", "")):
            problem(path, "a distribution needs valueExtractor EXTRACT(...) or REGEXP_EXTRACT(...)")
        if "bucketOptions" not in m:
            problem(path, "a distribution needs bucketOptions")
    elif "valueExtractor" in m:
        problem(path, "valueExtractor on a counter")
    labels = {label["key"] for label in d.get("labels", [])}
    extractors = set(m.get("labelExtractors", {}))
    if labels != extractors:
        problem(path, "labels %s and labelExtractors %s differ" % (sorted(labels), sorted(extractors)))
    for key, extractor in m.get("labelExtractors", {}).items():
        if not re.match(r"^(EXTRACT|REGEXP_EXTRACT)\(", extractor):
            problem(path, "label %s: extractor %r" % (key, extractor))


def check_policy(path, p):
    only(path, p, POLICY_FIELDS)
    if not p.get("displayName"):
        problem(path, "missing displayName")
    if p.get("combiner", "OR") not in ("AND", "OR", "AND_WITH_MATCHING_RESOURCE"):
        problem(path, "combiner %r" % p.get("combiner"))
    doc = p.get("documentation", {})
    only(path + " documentation", doc, {"content", "mimeType", "subject", "links"})
    if not p.get("conditions"):
        problem(path, "no conditions")
    for i, condition in enumerate(p.get("conditions", [])):
        where = "%s condition %d" % (path, i)
        kinds = [k for k in condition if k in CONDITION_KINDS]
        only(where, condition, CONDITION_KINDS | {"displayName", "name"})
        if len(kinds) != 1:
            problem(where, "needs exactly one condition kind, has %s" % kinds)
            continue
        if not condition.get("displayName"):
            problem(where, "missing displayName")
        if kinds[0] != "conditionThreshold":
            continue
        t = condition["conditionThreshold"]
        only(where, t, THRESHOLD_FIELDS)
        check_time_series_filter(where, t.get("filter", ""))
        for agg in t.get("aggregations", []):
            check_aggregation(where, agg)
        if "denominatorFilter" in t:
            check_time_series_filter(where + " denominator", t["denominatorFilter"])
            for agg in t.get("denominatorAggregations", []):
                check_aggregation(where + " denominator", agg)
        if t.get("comparison") not in COMPARISONS:
            problem(where, "comparison %r" % t.get("comparison"))
        if not isinstance(t.get("thresholdValue"), (int, float)):
            problem(where, "thresholdValue is not a number")
        if not DURATION.match(t.get("duration", "")):
            problem(where, "duration %r" % t.get("duration"))
    strategy = p.get("alertStrategy", {})
    if "autoClose" in strategy and not DURATION.match(strategy["autoClose"]):
        problem(path, "autoClose %r" % strategy["autoClose"])


def widgets_of(layout_holder):
    if "gridLayout" in layout_holder:
        return layout_holder["gridLayout"].get("widgets", [])
    if "mosaicLayout" in layout_holder:
        return [tile["widget"] for tile in layout_holder["mosaicLayout"].get("tiles", [])]
    return []


def check_dashboard(path, d):
    only(path, d, DASHBOARD_FIELDS)
    if not d.get("displayName"):
        problem(path, "missing displayName")
    if not re.match(r"^projects/[^/]+/dashboards/[^/]+$", d.get("name", "projects/p/dashboards/d")):
        problem(path, "name %r is not projects/PROJECT/dashboards/ID" % d.get("name"))
    if "gridLayout" in d and not re.match(r"^[0-9]+$", str(d["gridLayout"].get("columns", "1"))):
        problem(path, "gridLayout.columns")
    widgets = widgets_of(d)
    if not widgets:
        problem(path, "no widgets")
    for i, w in enumerate(widgets):
        where = "%s widget %d (%s)" % (path, i, w.get("title", ""))
        kinds = [k for k in w if k in WIDGET_KINDS]
        only(where, w, WIDGET_KINDS | {"title", "id"})
        if len(kinds) != 1:
            problem(where, "needs exactly one widget kind, has %s" % kinds)
        for ds in w.get("xyChart", {}).get("dataSets", []):
            tsf = ds.get("timeSeriesQuery", {}).get("timeSeriesFilter")
            if tsf is None:
                problem(where, "dataSet without timeSeriesQuery.timeSeriesFilter")
                continue
            only(where, tsf, {"filter", "aggregation", "secondaryAggregation", "pickTimeSeriesFilter"})
            check_time_series_filter(where, tsf.get("filter", ""))
            check_aggregation(where, tsf.get("aggregation", {}))
            if ds.get("plotType", "LINE") not in ("LINE", "STACKED_AREA", "STACKED_BAR", "HEATMAP"):
                problem(where, "plotType %r" % ds.get("plotType"))


CHECKS = {"metric": check_metric, "policy": check_policy, "dashboard": check_dashboard}


def main(argv):
    if len(argv) < 3 or argv[1] not in CHECKS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv[2:]:
        try:
            with open(path) as f:
                obj = json.load(f)
        except (OSError, ValueError) as e:
            problem(path, "not JSON: %s" % e)
            continue
        CHECKS[argv[1]](path, obj)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
