"""Training recipes for Reckon: the paper's LoRA fine-tuning and a tiny LLaMA trained from scratch on CPU."""
