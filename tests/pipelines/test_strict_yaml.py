from pipelines.files.strict_yaml import MAX_BYTES, load_yaml


def load(tmp_path, text: str | bytes):
    p = tmp_path / "f.yaml"
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_yaml(p, "f.yaml")


def codes(problems):
    return [(p.line, p.field, p.code) for p in problems]


def test_plain_yaml_loads_with_key_lines(tmp_path):
    data, problems = load(tmp_path, "a: 1\nb:\n  c: 2\n  d: 2020-01-01\n")
    assert problems == []
    assert data == {"a": 1, "b": {"c": 2, "d": "2020-01-01"}}  # dates stay text for the validator
    assert (data.line_of("a"), data.line_of("b"), data["b"].line_of("d")) == (1, 2, 4)


def test_duplicate_key_is_an_error(tmp_path):
    data, problems = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert data is None
    assert codes(problems) == [(3, "a", "duplicate-key")]


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    data, problems = load(tmp_path, bomb)
    assert data is None
    assert {p.code for p in problems} == {"yaml-anchor", "yaml-alias"}
    assert problems[0].line == 1


def test_python_object_tag_is_refused(tmp_path):
    data, problems = load(tmp_path, "x: !!python/object/apply:os.system ['echo hacked']\n")
    assert data is None
    assert codes(problems) == [(1, "yaml", "yaml-tag")]


def test_custom_and_collection_tags_are_refused(tmp_path):
    _, problems = load(tmp_path, "x: !custom 1\ny: !!map {a: 1}\n")
    assert codes(problems) == [(1, "yaml", "yaml-tag"), (2, "yaml", "yaml-tag")]


def test_syntax_error_names_its_line(tmp_path):
    _, problems = load(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert [p.code for p in problems] == ["yaml-syntax"]
    assert problems[0].line >= 2


def test_wrong_encoding_names_its_line(tmp_path):
    _, problems = load(tmp_path, "a: 1\nb: 甲\n".encode("gb18030"))
    assert codes(problems) == [(2, "file", "encoding")]


def test_huge_file_is_refused_unread(tmp_path):
    _, problems = load(tmp_path, b"a: 1\n" + b"#" * MAX_BYTES)
    assert [p.code for p in problems] == ["file-too-large"]


def nested(depth: int) -> str:
    """A block list ``depth`` lists deep under a top mapping (``depth + 1`` levels in all)."""
    return "a:\n" + "".join("  " * (i + 1) + "-\n" for i in range(depth - 1)) + "  " * depth + "- x\n"


def test_nesting_is_bounded_before_anything_is_composed(tmp_path):
    from pipelines.files.strict_yaml import MAX_DEPTH

    data, problems = load(tmp_path, nested(MAX_DEPTH - 1))
    assert problems == [] and data["a"][0][0][0] is not None
    data, problems = load(tmp_path, nested(300))
    assert data is None
    assert [(p.line, p.field, p.code, p.message) for p in problems] == [
        (MAX_DEPTH + 1, "yaml", "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")]


def test_libyamls_own_nesting_limit_is_the_same_problem(tmp_path):
    _, problems = load(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert codes(problems) == [(1, "yaml", "yaml-too-deep")]


def test_a_recursion_error_never_escapes(tmp_path, monkeypatch):
    """Were the depth check ever too lax, Python's own recursion limit gives the same problem, not a traceback."""
    from pipelines.files import strict_yaml

    monkeypatch.setattr(strict_yaml, "MAX_DEPTH", 1_000_000)
    _, problems = load(tmp_path, nested(900))
    assert codes(problems) == [(0, "yaml", "yaml-too-deep")]


def test_only_a_regular_file_inside_its_folder_is_read(tmp_path):
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert load_yaml(tmp_path / "real.yaml", "real.yaml") == ({"a": 1}, [])
    _, problems = load_yaml(tmp_path / "link.yaml", "link.yaml")
    assert codes(problems) == [(0, "file", "symlink")]
    _, problems = load_yaml(tmp_path, "dir.yaml", tmp_path.parent)
    assert codes(problems) == [(0, "file", "not-a-regular-file")]
