"""The About box lists Cookie Inspector, the data it ships and every bundled component, and
shows each one's licence text."""

from inspector.gui.about import AboutDialog
from inspector.licences import components


def test_every_component_is_listed_with_its_licence_text(qtbot):
    dialog = AboutDialog(None, "2026.12.01", ("bundled",))
    qtbot.addWidget(dialog)
    tree = dialog.components
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    listed_versions = {(row.text(1), row.text(2)) for row in rows}
    for component in components():  # independently: what scripts/collect_licences.py recorded
        assert (component.version, component.licence) in listed_versions, component.id
    assert rows[0].text(0) == "Cookie Inspector"
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.text.toPlainText()
    for row, component in zip(rows[-len(components()) :], components(), strict=True):
        tree.setCurrentItem(row)
        assert dialog.text.toPlainText() == component.text()
