"""README.md from nbs/index.ipynb, without Quarto: `python tools/readme.py` writes it, `--check` compares."""
import sys
from pathlib import Path

from nbconvert import MarkdownExporter
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).parent))
from nbdocs import NBS, ROOT, process, read  # noqa: E402

HEADER = "<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `make readme` -->\n\n"


def render() -> str:
    nb = process(read(NBS / "index.ipynb"))
    c = Config(); c.MarkdownExporter.exclude_input_prompt = True; c.MarkdownExporter.exclude_output_prompt = True
    body, _ = MarkdownExporter(config=c).from_notebook_node(nb)
    lines = [l.rstrip() for l in body.splitlines()]
    text = "\n".join(lines).strip() + "\n"
    while "\n\n\n" in text: text = text.replace("\n\n\n", "\n\n")
    return HEADER + text


def main(argv):
    want, path = render(), ROOT / "README.md"
    if "--check" in argv:
        if not path.exists() or path.read_text() != want:
            print("error: README.md does not match nbs/index.ipynb: run 'make readme' and commit README.md", file=sys.stderr)
            return 1
        print("ok: README.md matches nbs/index.ipynb"); return 0
    path.write_text(want); print(f"wrote {path.relative_to(ROOT)}"); return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
