"""Package discovery for setuptools; everything else is in pyproject.toml.

``resources/`` is installed as the package ``inspector_resources`` (pyproject's package-dir).
Its folders become packages of data files where their names can be package names; files in
other folders (a Firefox profile folder is named like ``k3v9x2qa.sample``) are data of the
nearest folder that can. Listing them here, from the tree, means a new folder under
``inspector/`` or a new file under ``resources/`` is always in the wheel, and setuptools has no
undeclared package to warn about.
"""

from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"


def package_folder(relative: Path) -> Path:
    """The deepest folder of ``relative`` (a path inside resources/) that can be a package."""
    parts: list[str] = []
    for part in relative.parts:
        if not part.isidentifier():
            break
        parts.append(part)
    return Path(*parts)


def resource_data() -> dict[str, list[str]]:
    data: dict[str, list[str]] = {"inspector_resources": []}
    for path in sorted(RESOURCES.rglob("*")):
        relative = path.relative_to(RESOURCES)
        if "__pycache__" in relative.parts or path.suffix == ".pyc":
            continue
        if path.is_dir():
            folder = package_folder(relative)
            data.setdefault(".".join(("inspector_resources", *folder.parts)), [])
        elif path.suffix != ".py":
            folder = package_folder(relative.parent)
            package = ".".join(("inspector_resources", *folder.parts))
            data.setdefault(package, []).append(str(relative.relative_to(folder)))
    return data


RESOURCE_DATA = resource_data()
setup(
    packages=find_packages(include=["inspector", "inspector.*"]) + sorted(RESOURCE_DATA),
    package_data=RESOURCE_DATA,
)
