/* The map's frame (components/basemap.py): attribution without Leaflet's prefix, the
   boundary credit (escaped text; on a narrow map one short line and an ⓘ), a metric-only
   scale bar, and tiles when configured. */
function addMapFrame(d, map) {
    var PANEL_GAP = 8;  // px kept between a point's footprint and a panel (a pin is taller)
    map._atlasPanelBoxes = panelBoxes;  // point_layer.js keeps its spread points clear of them
    if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
        map.attributionControl.addAttribution(
            '<span class="atlas-credit-full">' + d.attribution + "</span>"
            + '<span class="atlas-credit-short">' + d.short + "</span>"
            + '<button type="button" class="atlas-credit-more" title="' + d.more
            + '" aria-label="' + d.more + '">\u24d8</button>');
        // On a narrow map (basemap.CREDIT_CSS) the ⓘ opens and closes the full credit.
        var credit = map.attributionControl.getContainer();
        credit.addEventListener("click", function (event) {
            if (event.target.closest(".atlas-credit-more")) {
                credit.classList.toggle("atlas-credit-open");
            }
        });
    }
    // On a narrow map a shorter bar leaves the credit's line room beside it.
    var narrow = map.getContainer().clientWidth < d.narrowPx;
    var scale = L.control.scale({metric: true, imperial: false, maxWidth: narrow ? 60 : 100})
        .addTo(map);
    if (map.attributionControl) {
        map.on("resize", fitCredit);
        map.whenReady(function () { setTimeout(fitCredit, 0); });
        if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fitCredit); }
    }
    if (d.frame) {
        keepFramed(L.latLngBounds(d.frame));
    }
    if (d.tiles) {
        d.tiles.templates.forEach(function (url, i) {
            L.tileLayer(url, {subdomains: d.tiles.subdomains, maxZoom: d.tiles.maxZoom,
                              maxNativeZoom: d.tiles.maxZoom, zIndex: i + 1}).addTo(map);
        });
        map.getContainer().classList.add("atlas-has-tiles");
    }

    /* The short credit where the full one would wrap onto a second line or run into the
       scale bar (basemap.CREDIT_CSS). */
    function fitCredit() {
        var container = map.getContainer();
        var credit = map.attributionControl.getContainer();
        container.classList.remove("atlas-credit-compact");
        var a = credit.getBoundingClientRect(), b = scale.getContainer().getBoundingClientRect();
        var size = parseFloat(getComputedStyle(credit).fontSize) || 12;
        var clash = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        if (a.width > 0 && (clash || a.height > 2.1 * size)) {
            container.classList.add("atlas-credit-compact");
        }
    }

    /* The boxes (in the map's pixels) of the panels that sit on the map: an open legend
       and a playback panel. */
    function panelBoxes(container) {
        var outer = container.getBoundingClientRect();
        var boxes = [];
        container.querySelectorAll(".atlas-legend, .atlas-playback").forEach(function (el) {
            if (el.classList.contains("atlas-legend") && !el.querySelector("details[open]")) {
                return;  // folded: only its summary line shows
            }
            var box = el.getBoundingClientRect();
            if (box.width > 0 && box.height > 0) {
                boxes.push({left: box.left - outer.left, top: box.top - outer.top,
                            right: box.right - outer.left, bottom: box.bottom - outer.top});
            }
        });
        return boxes;
    }

    /* How far the controls in the map's bottom corners (the credit, the scale bar, a
       folded legend) reach up from its foot, in px; an open legend and a playback panel
       are panels, kept clear apart. Points are never drawn under them. */
    function footInset(container) {
        var outer = container.getBoundingClientRect();
        var top = outer.bottom;
        container.querySelectorAll(".leaflet-bottom > .leaflet-control").forEach(function (el) {
            if (el.classList.contains("atlas-playback")) { return; }
            if (el.classList.contains("atlas-legend") && el.querySelector("details[open]")) {
                return;
            }
            var box = el.getBoundingClientRect();
            if (box.width > 0 && box.height > 0) { top = Math.min(top, box.top); }
        });
        return Math.max(0, outer.bottom - top);
    }

    /* The part of the map where points may be drawn, as insets from its edges (px); the
       point layers spread their points inside it (point_layer.js). */
    map._atlasPointInsets = function () {
        var container = map.getContainer();
        return {left: 2, top: 2, right: 2, bottom: footInset(container) + 2};
    };

    /* How far the point layers' markers reach beyond their place (px): a dot's radius, a
       pin's head above its tip (point_layer.js). */
    function markerReach() {
        var reach = {side: 0, up: 0, down: 0};
        var markers = map._atlasSpread ? map._atlasSpread.markers : [];
        markers.forEach(function (marker) {
            var foot = marker._atlasFootprint;
            reach.side = Math.max(reach.side, foot.radius);
            reach.up = Math.max(reach.up, foot.radius - foot.dy);
            reach.down = Math.max(reach.down, foot.radius + foot.dy);
        });
        return reach;
    }

    /* The padding that keeps the box's points whole on the map: their markers' reach, and
       at the foot the credit and the scale bar above which they stay. */
    function basePadding(container) {
        var reach = markerReach();
        return {left: 10 + reach.side, right: 10 + reach.side, top: 10 + reach.up,
                bottom: 10 + reach.down + footInset(container)};
    }

    /* Ways to fit the box in the part of the map the panels leave free: each panel is
       kept clear either beside it (left or right of it) or above or below it. */
    function framings(container) {
        var width = container.clientWidth, height = container.clientHeight;
        var boxes = panelBoxes(container).slice(0, 4);
        var base = basePadding(container);
        var ways = [];
        for (var mask = 0; mask < (1 << boxes.length); mask++) {
            var pad = Object.assign({}, base);
            boxes.forEach(function (b, i) {
                var beside = mask & (1 << i);
                if (beside && b.left + b.right > width) {
                    pad.right = Math.max(pad.right, width - b.left + 20);
                } else if (beside) {
                    pad.left = Math.max(pad.left, b.right + 20);
                } else if (b.top + b.bottom < height) {
                    pad.top = Math.max(pad.top, b.bottom + 10);
                } else {
                    pad.bottom = Math.max(pad.bottom, height - b.top + 10);
                }
            });
            // A way that leaves too little room is no way.
            if (width - pad.left - pad.right >= 160 && height - pad.top - pad.bottom >= 120) {
                ways.push({topLeft: L.point(pad.left, pad.top),
                           bottomRight: L.point(pad.right, pad.bottom)});
            }
        }
        // None leaves room (a small map with its legend open): the panels cover some.
        return ways.length ? ways : [{topLeft: L.point(base.left, base.top),
                                      bottomRight: L.point(base.right, base.bottom)}];
    }

    /* How many points drawn on the map (point_layer.js keeps each one's true place and
       footprint) would lie under a panel, with the map centred on ``center`` at ``zoom``.
       A point out of view does not count. */
    function pointsUnder(boxes, center, zoom) {
        var markers = (map._atlasSpread && map._atlasSpread.markers) || [];
        var size = map.getSize();
        var origin = map.project(center, zoom).subtract(size.divideBy(2));
        return markers.filter(function (marker) {
            if (!map.hasLayer(marker)) { return false; }
            var foot = marker._atlasFootprint;
            var p = map.project(marker._atlasHome, zoom).subtract(origin);
            var x = p.x, y = p.y + foot.dy, r = foot.radius + PANEL_GAP;
            if (x < 0 || y < 0 || x > size.x || y > size.y) { return false; }
            return boxes.some(function (b) {
                return x + r > b.left && x - r < b.right && y + r > b.top && y - r < b.bottom;
            });
        }).length;
    }

    /* The map zoomed out about the box's centre, a quarter step at a time and at most one
       level, until no point shown on it lies under a panel (or the fewest do). */
    function clearPanels(frame, container) {
        var boxes = panelBoxes(container);
        if (!boxes.length) { return; }
        var zoom = map.getZoom();
        var middle = frame.getCenter();
        var focus = map.latLngToContainerPoint(middle);
        var half = map.getSize().divideBy(2);
        var best = null;
        for (var step = 0; step <= 4; step++) {
            var z = zoom - step * 0.25;
            var center = map.unproject(map.project(middle, z).subtract(focus).add(half), z);
            var count = pointsUnder(boxes, center, z);
            if (!best || count < best.count) { best = {count: count, zoom: z, center: center}; }
            if (count === 0) { break; }
        }
        if (best.zoom !== zoom) { map.setView(best.center, best.zoom, {animate: false}); }
    }

    /* Until a viewer moves the map, open it on its box again whenever its frame changes
       size (a column settling, the fonts loading), in the part of the map that the open
       legend and the playback panel leave free (whichever shows the box largest), with no
       point under them. */
    function keepFramed(frame) {
        var touched = false;
        L.DomEvent.on(map.getContainer(), "mousedown touchstart wheel keydown", function () {
            touched = true;
        });
        function refit() {
            var container = map.getContainer();
            if (touched || container.clientWidth === 0) { return; }
            if (map._animatingZoom) { map.once("zoomend", refit); return; }
            var best = null;
            framings(container).forEach(function (way) {
                var zoom = map.getBoundsZoom(frame, false, way.topLeft.add(way.bottomRight));
                if (!best || zoom > best.zoom) { best = {zoom: zoom, way: way}; }
            });
            map.fitBounds(frame, {paddingTopLeft: best.way.topLeft,
                                  paddingBottomRight: best.way.bottomRight, animate: false});
            clearPanels(frame, container);
            map.fire("atlasframed");  // the points spread again inside the new view
        }
        map.on("resize atlaslegendfit", refit);  // the legend fitted, opened or folded
        map.whenReady(function () { setTimeout(refit, 0); });
        setTimeout(refit, 400);
        setTimeout(refit, 1200);
    }
}
