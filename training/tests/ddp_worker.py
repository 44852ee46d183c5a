"""Run by test_ddp.py under `torchrun --nproc_per_node 2`: two steps of the small tiny recipe, then each rank
writes its parameters to <output_dir>/rank<R>.safetensors."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from safetensors.torch import save_file  # noqa: E402

from conftest import small_tiny_settings  # noqa: E402
from reckon_train.config import make_config  # noqa: E402
from reckon_train.trainer import train  # noqa: E402

output_dir = Path(sys.argv[1])
result = train(make_config(**small_tiny_settings(output_dir, max_steps=2, checkpoint_every=0)))
rank = int(os.environ["RANK"])
weights = {name: p.detach().contiguous() for name, p in result.model.named_parameters()}
save_file(weights, str(output_dir / f"rank{rank}.safetensors"))
