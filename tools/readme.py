"""README.md from nbs/index.ipynb, without Quarto: `python tools/readme.py` writes it, `--check` compares."""
import re
import sys

import nbformat
from execnb.nbio import nb2str
from nbconvert import MarkdownExporter

from nbdocs import NBS, ROOT, process

HEADER = "<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `make readme` -->\n\n"


def render() -> str:
    nb = nbformat.reads(nb2str(process(NBS / "index.ipynb")), as_version=4)
    body, _ = MarkdownExporter(exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(nb)
    text = "\n".join(line.rstrip() for line in body.splitlines()).strip() + "\n"
    return HEADER + re.sub(r"\n{3,}", "\n\n", text)


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
