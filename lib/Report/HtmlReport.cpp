//===- HtmlReport.cpp - Self-contained HTML cost report -------------------===//
//
// The page is static: CSS, the Vega modules and the page's script are
// inlined, the report is embedded as JSON and the script draws every section
// from it in the browser (docs/HtmlReport.md).
//
//===----------------------------------------------------------------------===//

#include "zigzag/Report/HtmlReport.h"
#include "HtmlResources.h"

#include "llvm/ADT/StringRef.h"

using namespace zigzag;

static llvm::StringRef resource(llvm::StringRef name) {
  for (unsigned i = 0; i < html::kNumResources; ++i)
    if (name == html::kResources[i].name)
      return {html::kResources[i].data, html::kResources[i].size};
  return {};
}

bool zigzag::htmlReportAvailable() { return !resource("vega-view").empty(); }

/// The report as JSON text that can sit inside a <script> element: '<' only
/// occurs inside JSON strings, where its escape means the same, and without
/// it no "</script>" or "<!--" can end the element early.
static std::string embeddableJson(const llvm::json::Value &report) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << report;
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      escaped += "\\u003c";
    else
      escaped += c;
  }
  return escaped;
}

/// The page title: "zigzag report: <accelerator>", HTML-escaped.
static std::string title(const llvm::json::Value &report) {
  std::string text = "zigzag report";
  if (const llvm::json::Object *obj = report.getAsObject())
    if (std::optional<llvm::StringRef> acc = obj->getString("accelerator"))
      text += ": " + acc->str();
  std::string escaped;
  for (char c : text) {
    switch (c) {
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '&':
      escaped += "&amp;";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

llvm::Error zigzag::writeHtmlReport(const llvm::json::Value &report,
                                    llvm::raw_ostream &os) {
  if (!htmlReportAvailable())
    return llvm::createStringError(
        "this build has no charting library for the HTML report: install "
        "Debian's libjs-vega (scripts/setup.sh) and reconfigure");
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta name=\"generator\" content=\"zigzag-mlir\">"
     << "<title>" << title(report) << "</title>\n<style>"
     << resource("report.css") << "</style>\n";
  // Each Debian Vega file is a UMD module; the prelude gives them an AMD
  // `define` that registers the module named just before it.
  os << "<script>" << resource("vega-prelude.js") << "</script>\n";
  for (unsigned i = 0; i < html::kNumResources; ++i) {
    llvm::StringRef name = html::kResources[i].name;
    if (!name.starts_with("vega-") || name.ends_with(".js"))
      continue;
    os << "<script>zzVegaModule(\"" << name << "\");</script><script>"
       << llvm::StringRef(html::kResources[i].data, html::kResources[i].size)
       << "</script>\n";
  }
  os << "<script>" << resource("vega-epilogue.js") << "</script>\n";
  os << "</head><body>\n<script type=\"application/json\" id=\"zz-data\">"
     << embeddableJson(report) << "</script>\n<script>" << resource("report.js")
     << "</script>\n</body></html>\n";
  return llvm::Error::success();
}
