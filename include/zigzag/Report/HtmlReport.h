//===- HtmlReport.h - Self-contained HTML cost report -----------*- C++ -*-===//
//
// Turns the JSON report of `--zigzag-report` (docs/Report.md) into one HTML
// file that works offline: the charting library (Debian's libjs-vega) is
// inlined at build time and the report is embedded as JSON
// (docs/HtmlReport.md). Plain C++ on llvm::json, so every tool that has a
// report can call it.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_REPORT_HTMLREPORT_H
#define ZIGZAG_REPORT_HTMLREPORT_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace zigzag {

/// Writes the HTML page for `report` (an object with the keys of
/// docs/Report.md; sections whose keys are absent are left out, and a
/// top-level `points` array adds the exploration Pareto chart). Fails only
/// when the build found no charting library to inline.
llvm::Error writeHtmlReport(const llvm::json::Value &report,
                            llvm::raw_ostream &os);

/// Whether this build inlines a charting library (libjs-vega was found when
/// the project was configured).
bool htmlReportAvailable();

} // namespace zigzag

#endif // ZIGZAG_REPORT_HTMLREPORT_H
