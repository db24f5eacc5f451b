/* Non-interactive name labels from rows [lat, lon, escaped text]. */
function addPlaceLabels(labels, map) {
    labels.forEach(function (label) {
        L.marker([label[0], label[1]], {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({
                className: "atlas-district-label-icon",
                html: '<div class="atlas-district-label">' + label[2] + "</div>",
                iconSize: [120, 20],
                iconAnchor: [60, 10],
            }),
        }).addTo(map);
    });
}
