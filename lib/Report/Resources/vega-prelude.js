// Errors from here on (the Vega modules, the page's script, console.error)
// are listed in #zz-errors and counted in <body data-errors>, where the
// browser test reads them.
var zzErrors = [];
function zzError(message) {
  zzErrors.push(String(message));
  var box = document.getElementById('zz-errors');
  if (box) box.textContent = zzErrors.join('\n');
  if (document.body) document.body.setAttribute('data-errors', zzErrors.length);
}
window.addEventListener('error', function (e) { zzError(e.message); });
window.addEventListener('unhandledrejection', function (e) {
  zzError('unhandled rejection: ' + (e.reason && e.reason.message || e.reason));
});
(function () {
  var consoleError = console.error;
  console.error = function () {
    zzError(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
})();

// Debian ships Vega as one UMD file per module, each of which would replace
// the global `vega` with its own exports. This AMD `define` instead keeps
// every module under its name and hands each its dependencies by name; the
// page names the module (zzVegaModule) before inlining its file.
var zzVegaModules = {};
var zzVegaCurrent = null;
function zzVegaModule(name) { zzVegaCurrent = name; }
function define(deps, factory) {
  var exports = {};
  var args = deps.map(function (d) {
    if (d === 'exports') return exports;
    // vega-functions asks for the package under its npm name.
    var m = zzVegaModules[d === 'vega-selections' ? 'vega-selection' : d];
    if (!m) throw new Error('Vega module ' + zzVegaCurrent + ' needs ' + d);
    return m;
  });
  factory.apply(null, args);
  zzVegaModules[zzVegaCurrent] = exports;
}
define.amd = {};
