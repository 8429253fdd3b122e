"""Dependencies inside attribution/ point one way (see STYLE.md, "Layout"): no
module imports one that imports it back, and the interfaces never import each
other. Read statically with grimp, so an import hidden inside a function counts.
"""

from itertools import permutations

import grimp
import pytest

INTERFACES = [
    "attribution.api",
    "attribution.web",
    "attribution.admin",
    "attribution.tasks",
    "attribution.management",
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("attribution", cache_dir=None)


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One import chain per module that leads back to the module, if any."""
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                found.append((module, *back))
                break
    return found


def test_no_module_in_attribution_imports_itself_through_others(graph):
    assert _cycles(graph) == []


@pytest.mark.parametrize(("importer", "imported"), permutations(INTERFACES, 2))
def test_an_interface_never_imports_another(graph, importer, imported):
    chain = graph.find_shortest_chains(importer=importer, imported=imported)

    assert chain == set(), f"{importer} reaches {imported}"


def test_no_management_command_imports_another(graph):
    package = "attribution.management.commands"
    commands = graph.find_children(package)
    reached = {
        (command, other)
        for command in commands
        for other in commands - {command}
        if graph.chain_exists(importer=command, imported=other)
    }

    assert reached == set()
