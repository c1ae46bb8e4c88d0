// The vendored libraries are loaded only by the views that use them (the network view's
// Cytoscape is most of the page weight). Same-origin files, no CDN.

const loading = new Map();

function loadScript(src) {
  if (!loading.has(src)) {
    loading.set(
      src,
      new Promise((resolve, reject) => {
        const el = document.createElement("script");
        el.src = src;
        el.async = true;
        el.onload = () => resolve();
        el.onerror = () => {
          loading.delete(src);
          reject(new Error(`could not load ${src}`));
        };
        document.head.appendChild(el);
      }),
    );
  }
  return loading.get(src);
}

export async function leaflet() {
  if (!window.L) await loadScript("/static/vendor/leaflet/leaflet.js");
  return window.L;
}

export async function cytoscape() {
  if (!window.cytoscape) await loadScript("/static/vendor/cytoscape/cytoscape.min.js");
  return window.cytoscape;
}
