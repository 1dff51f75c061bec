// What Vega's own bundle does: one `vega` namespace with every module's
// exports, and the transforms of the transform modules registered with the
// dataflow (the parser looks them up by name).
delete window.define;
var vega = {};
Object.keys(zzVegaModules).forEach(function (name) {
  Object.assign(vega, zzVegaModules[name]);
});
Object.assign(vega.transforms, zzVegaModules['vega-transforms'],
              zzVegaModules['vega-view-transforms'],
              zzVegaModules['vega-encode']);
