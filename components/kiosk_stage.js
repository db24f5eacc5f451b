// The kiosk's stage: show slot SLOT once its slide (marked by MARKER) has drawn its map
// or chart, or after WAIT_MS at the latest. A newer call takes over from an older one.
// Each slot's map reaches the foot of the screen: its room goes into --kiosk-map-0 or -1.
(() => {
  const root = document.documentElement;
  const fitMaps = () => {
    [0, 1].forEach((n) => {
      const frame = document.querySelector(".st-key-kiosk_stage_" + n + " iframe[title=\"streamlit_folium.st_folium\"]");
      if (!frame) return;
      const room = window.innerHeight - frame.getBoundingClientRect().top - FOOT_PX;
      const value = Math.max(Math.round(room), MIN_MAP_PX) + "px";
      if (root.style.getPropertyValue("--kiosk-map-" + n) !== value) {
        root.style.setProperty("--kiosk-map-" + n, value);
      }
    });
  };
  if (!window.atlasKioskFit) {  // once per page: on a resize, and while slides change
    window.atlasKioskFit = fitMaps;
    window.addEventListener("resize", () => window.atlasKioskFit());
    setInterval(() => window.atlasKioskFit(), 200);
  }
  fitMaps();
  const token = MARKER + ":" + Date.now() + Math.random();
  root.dataset.kioskWanted = token;
  const started = Date.now();
  const drawn = () => {
    const slot = document.querySelector(".st-key-kiosk_stage_" + SLOT);
    if (!slot || !slot.querySelector('[data-kiosk-slide="' + MARKER + '"]')) return false;
    const frame = slot.querySelector("iframe");
    if (frame) {
      const doc = frame.contentDocument;
      if (!doc || doc.querySelectorAll(".leaflet-interactive").length === 0) return false;
    }
    const chart = slot.querySelector(".js-plotly-plot");
    return !chart || chart.querySelectorAll("g.point").length > 0;
  };
  const poll = () => {
    if (root.dataset.kioskWanted !== token) return;
    fitMaps();
    if (drawn() || Date.now() - started > WAIT_MS) {
      root.dataset.kioskShown = String(SLOT);
    } else {
      setTimeout(poll, 50);
    }
  };
  poll();
})();
