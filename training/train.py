#!/usr/bin/env python3
"""Train on reckon's puzzle JSONL. One process:

    python training/train.py --recipe tiny --train-file train.jsonl --output-dir runs/tiny

Several (DDP, the same script): `accelerate launch [--multi_gpu] --num_processes 8 training/train.py ...` or
`torchrun --nproc_per_node 8 training/train.py ...`. See training/README.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reckon_train.trainer import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
