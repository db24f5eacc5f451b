/* Focus the map's container without scrolling the page (components/maps.py). */
function keepClicksInPlace(map) {
    var container = map.getContainer();
    var focus = container.focus;
    container.focus = function () { focus.call(container, {preventScroll: true}); };
}
