/* Quarter-by-quarter playback inside the map's frame (components/playback.py): recolours
   the districts, shows communities and bases from the quarter they appear in, moves the
   date line and the headline figures. No rerun, no reload. Every text arrives escaped. */
function addPlayback(d, map) {
    var districts = null, items = [];
    map.eachLayer(function (layer) {
        if (!(layer instanceof L.GeoJSON)) return;
        var first = layer.getLayers()[0];
        var kind = first && first.feature && first.feature.properties.kind;
        if (kind === "district") districts = layer;
        if (kind === "community" || kind === "base") {
            layer.eachLayer(function (child) {
                var at = d.appear[kind][child.feature.properties.id];
                if (at) items.push({group: layer, layer: child, at: at, shown: true});
            });
        }
    });
    var last = d.frames.length - 1;
    var state = {index: Math.min(Math.max(d.start, 0), last), playing: d.playing,
                 speed: d.speed, timer: null};
    var host = null;
    try { host = window.parent; host.document; } catch (e) { host = null; }
    var memo = null;
    if (d.resume && host) {
        host.__atlasPlayback = host.__atlasPlayback || {};
        var key = d.resume + ":" + d.mode;
        memo = host.__atlasPlayback[key];
        if (memo) { state.index = memo.index; state.playing = memo.playing; state.speed = memo.speed; }
        memo = host.__atlasPlayback[key] = host.__atlasPlayback[key] || {};
    }

    var fills = {};
    if (districts) {
        var styleOf = districts.options.style;
        // Leaflet's resetStyle (after a hover) asks this for the current quarter's colour.
        districts.options.style = function (f) {
            var s = Object.assign({}, styleOf ? styleOf(f) : {});
            if (fills[f.properties.id]) s.fillColor = fills[f.properties.id];
            return s;
        };
    }

    // Top left, under the zoom buttons: the legend keeps the right-hand side.
    var panel = L.control({position: "topleft"});
    var el = {};
    panel.onAdd = function () {
        var div = L.DomUtil.create("div", "atlas-playback");
        if (d.rtl) div.setAttribute("dir", "rtl");
        var figures = d.figures.map(function (name, i) {
            return '<div class="atlas-playback-figure"><b dir="ltr" data-figure="' + i +
                '"></b><span>' + name + "</span></div>";
        }).join("");
        var speeds = Object.keys(d.stepMs).map(function (name) {
            return '<option value="' + name + '">' + d.buttons.speeds[name] + "</option>";
        }).join("");
        div.innerHTML = '<div class="atlas-playback-label"></div>' +
            '<div class="atlas-playback-figures">' + figures + "</div>" +
            '<div class="atlas-playback-controls" dir="ltr">' +
            '<button type="button" class="atlas-playback-toggle"></button>' +
            '<input type="range" class="atlas-playback-slider" min="0" max="' + last +
            '" step="1" aria-label="' + d.buttons.slider + '">' +
            '<select class="atlas-playback-speed">' + speeds + "</select></div>";
        el.label = div.querySelector(".atlas-playback-label");
        el.figures = div.querySelectorAll("[data-figure]");
        el.toggle = div.querySelector(".atlas-playback-toggle");
        el.slider = div.querySelector(".atlas-playback-slider");
        el.speed = div.querySelector(".atlas-playback-speed");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    panel.addTo(map);
    var legend = document.querySelector(".atlas-legend details");
    if (legend) {
        var note = document.createElement("div");
        note.className = "atlas-legend-row atlas-playback-note";
        note.innerHTML = d.legendNote;
        legend.appendChild(note);
    }

    function remember() {
        if (memo) { memo.index = state.index; memo.playing = state.playing; memo.speed = state.speed; }
        if (!d.url || !host) return;
        try {
            var url = new URL(host.location.href), q = url.searchParams;
            q.set("playback", d.mode);
            if (state.index > 0) q.set("quarter", d.quarters[state.index]); else q.delete("quarter");
            if (state.playing) q.set("playing", "1"); else q.delete("playing");
            if (state.speed !== "normal") q.set("speed", state.speed); else q.delete("speed");
            if (url.href !== host.location.href) host.history.replaceState(host.history.state, "", url.href);
        } catch (e) { /* a page of another origin: the URL stays as it is */ }
    }

    function show(index) {
        state.index = index;
        var classes = d.classes[index], texts = d.texts[index];
        d.adcodes.forEach(function (code, k) { fills[code] = d.colors[classes[k]]; });
        if (districts) {
            districts.eachLayer(function (layer) {
                var p = layer.feature.properties;
                p[d.valueField] = texts[d.adcodes.indexOf(p.id)];
                layer.setStyle({fillColor: fills[p.id]});
            });
        }
        items.forEach(function (item) {
            var want = item.at <= index;
            if (want === item.shown) return;
            item.shown = want;
            if (want) item.group.addLayer(item.layer); else item.group.removeLayer(item.layer);
        });
        var frame = d.frames[index];
        el.label.innerHTML = frame[0];
        for (var i = 0; i < el.figures.length; i++) el.figures[i].innerHTML = frame[i + 1];
        el.slider.value = String(index);
        document.documentElement.setAttribute("data-playback-quarter", d.quarters[index]);
        remember();
    }

    function held() {
        if (!d.holdWhile || !host) return false;
        try { return !!host.document.querySelector(d.holdWhile); } catch (e) { return false; }
    }

    function schedule() {
        clearTimeout(state.timer);
        if (!state.playing) return;
        state.timer = setTimeout(function () {
            if (!state.playing) return;
            if (held()) { schedule(); return; }
            if (state.index >= last) { setPlaying(false); return; }
            show(state.index + 1);
            if (state.index >= last) setPlaying(false); else schedule();
        }, d.stepMs[state.speed]);
    }

    function setPlaying(on) {
        state.playing = on;
        el.toggle.innerHTML = on ? d.buttons.pause : d.buttons.play;
        el.toggle.setAttribute("aria-pressed", on ? "true" : "false");
        document.documentElement.setAttribute("data-playback-playing", on ? "1" : "0");
        remember();
        schedule();
    }

    el.toggle.addEventListener("click", function () {
        if (!state.playing && state.index >= last) show(0);
        setPlaying(!state.playing);
    });
    el.slider.addEventListener("input", function () {
        show(parseInt(el.slider.value, 10));
        if (state.playing) schedule();
    });
    el.speed.addEventListener("change", function () {
        state.speed = el.speed.value;
        remember();
        schedule();
    });
    // A presenter's clicker (PageUp / PageDown) moves the page's views even when the map,
    // or its slider, has the focus.
    if (d.forwardKeys.length && host && host !== window) {
        document.addEventListener("keydown", function (e) {
            if (d.forwardKeys.indexOf(e.key) < 0) return;
            e.preventDefault();
            e.stopPropagation();
            host.document.dispatchEvent(new host.KeyboardEvent("keydown", {
                key: e.key, code: e.code, keyCode: e.keyCode, which: e.which, bubbles: true}));
        }, true);
    }
    el.speed.value = state.speed;
    show(state.index);
    setPlaying(state.playing && state.index < last);
    window.atlasPlayback = {
        show: show,
        play: function () { setPlaying(true); },
        pause: function () { setPlaying(false); },
        state: function () { return {index: state.index, quarter: d.quarters[state.index],
                                     playing: state.playing, speed: state.speed}; },
    };
}
