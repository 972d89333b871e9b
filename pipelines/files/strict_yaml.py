"""Load curated YAML safely and keep line numbers.

Rules (each broken rule is a Problem, never an exception):
- the file is read through ``safe_open`` (inside its dataset folder, no link, a regular file, size checked first);
- only plain YAML: anchors, aliases and explicit tags (``!!python/object``, ``!custom``) are refused
  before anything is constructed, so an alias bomb never expands;
- lists and mappings nest at most ``MAX_DEPTH`` levels (real files need 5), checked on the parser's events
  before anything is composed, so no nesting can exhaust the stack (a RecursionError is a problem too);
- a mapping may not repeat a key;
- every mapping remembers the line of each key, so later checks can name the exact line.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent, ScalarEvent

from pipelines.files.safe_open import Where, read_text
from pipelines.problems import Problem

MAX_BYTES = 2_000_000  # the largest curated file is ~100 kB; anything huge is a mistake
MAX_DEPTH = 32  # the deepest real file (the source registry: top → sources → entry → chrome → a list) nests 5


class LineDict(dict):
    """A mapping that knows the (1-based) line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser (C) when PyYAML has it: a national source registry parses ten times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(_BaseLoader):
    pass


def _construct_mapping(loader: _Constructor, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicate_keys.append((line, str(key), result.key_lines[key]))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


_Constructor.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: the validator parses them and names the line when they are wrong.
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _forbidden_constructs(text: str, file: str) -> list[Problem]:
    problems = []
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return problems + [Problem(file, line, "yaml", "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")]
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, AliasEvent):
            problems.append(Problem(file, line, "yaml", "yaml-alias", f"alias *{event.anchor} is not allowed"))
        elif isinstance(event, NodeEvent) and event.anchor is not None:
            problems.append(Problem(file, line, "yaml", "yaml-anchor", f"anchor &{event.anchor} is not allowed"))
        explicit_scalar_tag = (isinstance(event, ScalarEvent) and event.tag is not None and not event.implicit[0]
                               and event.tag != "!")
        explicit_collection_tag = isinstance(event, CollectionStartEvent) and event.tag is not None and not event.implicit
        if explicit_scalar_tag or explicit_collection_tag:
            problems.append(Problem(file, line, "yaml", "yaml-tag", f"explicit tag {event.tag} is not allowed"))
    return problems


def load_yaml(path: Path, file: str, root: Path | None = None) -> tuple[object | None, list[Problem]]:
    """Return (data, problems). data is None whenever there is any problem with the file as YAML. ``root``:
    the dataset folder the file must be inside (its own folder by default)."""
    text, problems = read_text(path, root, limit=MAX_BYTES, where=Where(file))
    if text is None:
        return None, problems
    try:
        problems = _forbidden_constructs(text, file)
        if problems:
            return None, problems
        loader = _Constructor(text)
        loader.duplicate_keys = []
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1,000 levels), met while scanning ahead
            return None, [Problem(file, line, "yaml", "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")]
        return None, [Problem(file, line, "yaml", "yaml-syntax", f"{exc.problem or exc.context}")]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        return None, [Problem(file, 0, "yaml", "yaml-syntax", str(exc))]
    except RecursionError:  # the depth check stops any nesting deep enough for this; should it not, a problem too
        return None, [Problem(file, 0, "yaml", "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")]
    dups = [
        Problem(file, line, key, "duplicate-key", f"key '{key}' repeats the one on line {first}")
        for line, key, first in loader.duplicate_keys
    ]
    if dups:
        return None, dups
    return data, []
