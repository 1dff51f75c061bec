//===- HtmlResources.h - Files inlined into the HTML report -----*- C++ -*-===//
//
// Generated at build time by embed_resources.py from the report's template
// (Resources/) and Debian's libjs-vega modules.
//
//===----------------------------------------------------------------------===//

#ifndef ZIGZAG_LIB_REPORT_HTMLRESOURCES_H
#define ZIGZAG_LIB_REPORT_HTMLRESOURCES_H

#include <cstddef>

namespace zigzag {
namespace html {

struct Resource {
  const char *name; // "report.js", "vega-util", ...
  const char *data;
  size_t size;
};

/// The template files first, then the Vega modules in dependency order.
extern const Resource kResources[];
extern const unsigned kNumResources;

} // namespace html
} // namespace zigzag

#endif // ZIGZAG_LIB_REPORT_HTMLRESOURCES_H
