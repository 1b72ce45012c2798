"""Synthetic Hugging Face "papers" listing pages with known ground truth, for benchmarks.

The real input of paperlake is listing pages of https://huggingface.co/papers saved as text. This
module renders the three layouts seen in the wild, byte for byte:

* ``spaced``  - ``new`` / ``Subscribe`` / ``byAK ...`` header, page date (``Mar 14``), then
  ``title``, blank, ``abstract``, blank ... ; no trailing newline (samples 000-003).
* ``compact`` - two "Get trending papers" lines, ``Subscribe`` glued to the first title, then
  title / abstract lines with no blank lines and no trailing newline (sample 004).
* ``rich``    - web-clipper export with YAML front matter, navigation, optional page date and one
  block per paper (login link, title, papers link, abstract, link, ``N authors``, ``·``,
  ``Oct 7, 2024``, `` [-] N`` upvotes), blocks separated by one blank line, one trailing newline
  (``tests/fixtures/rich_2024-10-08.txt``).
* ``wrapped`` - ``spaced`` with every abstract hard-wrapped at 76 columns (``textwrap``, so also
  after hyphens) and CRLF line endings: a page saved by a tool that wraps text.
* ``markdown`` - a Markdown export: ``# Daily Papers``, then per paper
  ``### [Title](https://huggingface.co/papers/ID)``, the abstract, and one metadata line
  ``Published on Oct 7, 2024 · 5 authors · ▲ 19``.

``CAPTURED_LAYOUTS`` (the first three) are the default of ``generate_corpus``, so benchmark corpora
stay comparable across versions; ``bench.eval_identity`` renders all five.

``generate_corpus`` writes a corpus of such pages plus a ground-truth table (which paper every
rendered record is), with repeats, optional realistic perturbations of repeats and optional hard
negatives (different papers with the same or a near-same title). Text comes from a seeded
generator of ML-flavoured titles and abstracts built from a pre-generated sentence pool, so output
is deterministic for a given seed and fast to produce (tens of MB/s).

Memory: pages are written one at a time and truth rows are flushed to Parquet in row groups; what
stays in memory is one compact record per distinct paper (title string + ~60 bytes of arrays).
"""

from __future__ import annotations

import json
import random
import re
import textwrap
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

__all__ = [
    "CAPTURED_LAYOUTS",
    "LAYOUTS",
    "SynthPaper",
    "Truth",
    "format_page_date",
    "format_paper_date",
    "generate_corpus",
    "page_file_name",
    "perturb_record",
    "render",
    "render_compact",
    "render_rich",
    "render_spaced",
    "synth_papers",
    "truth_paths",
]

CAPTURED_LAYOUTS = ("spaced", "compact", "rich")  # seen in the sample captures
LAYOUTS = (*CAPTURED_LAYOUTS, "wrapped", "markdown")  # plus shapes of pages in the wild
KINDS = ("original", "repeat", "perturbed", "hard_negative")
START_DATE = date(2024, 1, 1)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WRAP_COLUMNS = 76
PAGE_FILE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{6}\.txt$")


# --------------------------------------------------------------------------------------------
# Records and renderers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthPaper:
    """One paper as it is rendered on a listing page (``truth_id`` is never rendered)."""

    truth_id: str
    title: str
    abstract: str
    arxiv_id: str | None = None
    n_authors: int | None = None
    published: date | None = None
    upvotes: int | None = None


def format_page_date(d: date) -> str:
    """Page date line of listing pages: ``Mar 14`` (no zero padding, no year, locale-free)."""
    return f"{MONTH_ABBR[d.month - 1]} {d.day}"


def format_paper_date(d: date) -> str:
    """Publication date of rich blocks: ``Oct 7, 2024``."""
    return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"


def page_file_name(capture: date, index: int) -> str:
    """File name carrying the capture date: ``2025-03-14_000123.txt``."""
    return f"{capture.isoformat()}_{index:06d}.txt"


_SPACED_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
)
_COMPACT_HEADER = (
    "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
)
_RICH_NAV = (
    "---\n[Hugging Face](https://huggingface.co/)\n- Models\n- Datasets\n- Spaces\n- Posts\n"
    "- Docs\n- Pricing\n\nDaily Papers\n\nby AK and the research community\n\n"
)


def _spaced(items: Sequence[tuple], page_date: date | None) -> str:
    # items: (title, abstract, ...) ; "\n".join of all lines with the final blank line dropped.
    head = _SPACED_HEADER if page_date is None else f"{_SPACED_HEADER}{format_page_date(page_date)}\n\n"
    if not items:
        return head[:-2]
    return head + "\n\n".join([f"{it[0]}\n\n{it[1]}" for it in items])


def _compact(items: Sequence[tuple]) -> str:
    if not items:
        return _COMPACT_HEADER
    return _COMPACT_HEADER + "\n".join([f"{it[0]}\n{it[1]}" for it in items])


def _wrapped(items: Sequence[tuple], page_date: date | None) -> str:
    wrapped = [(it[0], textwrap.fill(it[1], WRAP_COLUMNS)) for it in items]
    return _spaced(wrapped, page_date).replace("\n", "\r\n")


def _markdown(items: Sequence[tuple]) -> str:
    # items as for _rich: (title, abstract, arxiv_id, n_authors, published, upvotes)
    blocks = [
        f"### [{t}](https://huggingface.co/papers/{ax})\n\n{a}\n\n"
        f"Published on {format_paper_date(pub)} · {na} authors · ▲ {up}\n"
        for t, a, ax, na, pub, up in items
    ]
    return "# Daily Papers\n\n" + "\n".join(blocks)


def _rich(items: Sequence[tuple], exported: date, page_date: date | None) -> str:
    # items: (title, abstract, arxiv_id, n_authors, published, upvotes)
    if page_date is None:
        source, login, date_line = "https://huggingface.co/papers", "%2Fpapers", ""
    else:
        iso = page_date.isoformat()
        source = f"https://huggingface.co/papers?date={iso}"
        login = f"%2Fpapers%3Fdate%3D{iso}"
        date_line = f"{format_page_date(page_date)}\n\n"
    head = (
        f'---\ntitle: "Daily Papers - Hugging Face"\nsource: "{source}"\nauthor:\npublished:\n'
        f'exported: {exported.isoformat()}\ndescription: "Your daily dose of AI research from AK"\n'
        f'tags:\n  - "clippings"\n{_RICH_NAV}{date_line}'
    )
    blocks = [
        f"https://huggingface.co/login?next={login}\n{t}\nhttps://huggingface.co/papers/{ax}\n"
        f"{a}\nhttps://huggingface.co/papers/{ax}\n{na} authors\n·\n{format_paper_date(pub)}\n"
        f" [-] {up}\n"
        for t, a, ax, na, pub, up in items
    ]
    return head + "\n".join(blocks)


def _check_text(p: SynthPaper) -> None:
    for name in ("title", "abstract"):
        value = getattr(p, name)
        if not value or not value.strip() or "\n" in value or "\r" in value:
            raise ValueError(f"{p.truth_id}: {name} must be one non-blank line, got {value!r}")


def render_spaced(papers: Iterable[SynthPaper], page_date: date | None) -> str:
    """Render the ``spaced`` layout (samples 000-003); ``page_date=None`` omits the date line."""
    items = []
    for p in papers:
        _check_text(p)
        items.append((p.title, p.abstract))
    return _spaced(items, page_date)


def render_compact(papers: Iterable[SynthPaper]) -> str:
    """Render the ``compact`` layout (sample 004): no blank lines, no date."""
    items = []
    for p in papers:
        _check_text(p)
        items.append((p.title, p.abstract))
    return _compact(items)


def render_rich(papers: Iterable[SynthPaper], exported: date, page_date: date | None) -> str:
    """Render the ``rich`` web-clipper layout; every paper needs arxiv_id, n_authors, published
    and upvotes (papers without an arXiv id cannot appear on rich pages)."""
    items = []
    for p in papers:
        _check_text(p)
        if p.arxiv_id is None or p.n_authors is None or p.published is None or p.upvotes is None:
            raise ValueError(f"{p.truth_id}: rich pages need arxiv_id, n_authors, published, upvotes")
        items.append((p.title, p.abstract, p.arxiv_id, p.n_authors, p.published, p.upvotes))
    return _rich(items, exported, page_date)


def render(layout: str, papers: Iterable[SynthPaper], capture: date) -> str:
    """Render ``papers`` in ``layout`` as captured on ``capture`` (the page date / export date)."""
    if layout == "spaced":
        return render_spaced(papers, capture)
    if layout == "compact":
        return render_compact(papers)
    if layout == "rich":
        return render_rich(papers, capture, capture)
    raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

# fmt: off
_NAME_HEAD = (
    "Flash", "Sparse", "Mega", "Omni", "Uni", "Hyper", "Meta", "Vision", "Audio", "Graph", "Chem",
    "Med", "Geo", "Code", "Math", "Robo", "Deep", "Long", "Fast", "Auto", "Self", "Dyna", "Neuro",
    "Quant", "Lumi", "Aero", "Echo", "Nova", "Astra", "Helix", "Orca", "Falcon", "Phoenix",
    "Zephyr", "Atlas", "Aria", "Scylla", "Hydra", "Tiny", "Open", "Pixel", "Video", "Motion", "Mol",
    "Proto", "Tok", "Lat", "Infer", "Reason", "Mamba", "Llama", "Intern", "Cog", "Seed", "Star",
    "Sky", "Mind", "Cosmo", "Terra", "Vega", "Lyra", "Kairos", "Mira", "Spectra",
)
_NAME_TAIL = (
    "Former", "Net", "GPT", "LM", "Diff", "Flow", "Bench", "Agent", "VAE", "Mixer", "Seg", "Cast",
    "Gen", "Coder", "Align", "Fusion", "Tune", "RL", "Graph", "VL", "Dreamer", "Planner", "Mem",
    "Retriever", "Prover", "Zero", "Scale", "Edit", "Splat", "NeRF", "Pose", "Act", "Chat", "Eval",
    "Distill", "Quant", "Router", "Bridge", "Lens", "Sight", "Voice", "Sync", "Craft", "Pilot",
)
_NAME_VERSION = (
    "", "", "", "", "", "", "-2", "-7B", "-XL", "v2", "++", "-R1", "-Lite", "-Pro", "3D",
)
_T_ADJ = (
    "Efficient", "Scalable", "Robust", "Sparse", "Adaptive", "Hierarchical", "Contrastive",
    "Generative", "Multimodal", "Multilingual", "Self-Supervised", "Zero-Shot", "Few-Shot",
    "Long-Context", "Lightweight", "Interpretable", "Controllable", "Unified", "Dynamic",
    "Federated", "Causal", "Continual", "Compositional", "Differentiable", "Probabilistic",
    "Equivariant", "Energy-Based", "Retrieval-Augmented", "Instruction-Tuned", "Open-Vocabulary",
    "Training-Free", "Data-Efficient", "Memory-Efficient", "Parameter-Efficient", "Low-Rank",
    "Latent", "Neural", "Bayesian", "Discrete", "Explainable", "Verifiable", "Faithful", "Embodied",
    "Autoregressive", "Masked", "Quantized", "Distilled", "Decentralized", "Physics-Informed",
    "Geometric", "Temporal", "Cross-Lingual", "Cross-Modal", "Fine-Grained", "Open-Ended",
    "Test-Time", "Reward-Guided", "Uncertainty-Aware", "Structure-Aware", "Real-Time",
)
_T_NOUN = (
    "Language Models", "Large Language Models", "LLMs", "Vision Transformers", "Diffusion Models",
    "Neural Networks", "Graph Neural Networks", "Reinforcement Learning", "Reward Models",
    "Preference Optimization", "Speech Recognition", "Machine Translation", "Image Generation",
    "Video Generation", "Text-to-Image Synthesis", "Code Generation", "Mathematical Reasoning",
    "Chain-of-Thought Reasoning", "In-Context Learning", "Knowledge Distillation", "Attention",
    "State Space Models", "Tokenization", "Embeddings", "Dense Retrieval", "Question Answering",
    "Object Detection", "Semantic Segmentation", "Depth Estimation", "Novel View Synthesis",
    "Gaussian Splatting", "Neural Radiance Fields", "Motion Generation", "Robot Manipulation",
    "Autonomous Driving", "Protein Structure Prediction", "Molecule Generation",
    "Weather Forecasting", "Time Series Forecasting", "Recommender Systems", "Instruction Tuning",
    "Alignment", "Hallucination Detection", "Safety Evaluation", "Jailbreak Attacks",
    "Watermarking", "Model Merging", "Pruning", "Quantization", "Speculative Decoding",
    "KV Cache Compression", "Long-Context Modeling", "Multi-Agent Systems", "Tool Use",
    "Web Agents", "GUI Agents", "Synthetic Data", "Data Curation", "Optimization",
    "Learning Rate Schedules", "Normalization Layers", "Mixture-of-Experts", "Sparse Autoencoders",
    "Mechanistic Interpretability", "Representation Learning", "Contrastive Learning",
    "Domain Adaptation", "Uncertainty Estimation", "Calibration", "Causal Inference",
    "Symbolic Regression", "Theorem Proving", "Program Synthesis", "Audio Generation",
    "Music Generation", "Text-to-Speech", "Visual Question Answering", "Image Captioning",
    "Document Understanding", "Table Reasoning", "Medical Imaging", "Optimal Transport",
    "Score Matching", "Flow Matching", "Normalizing Flows", "Gaussian Processes", "Bandits",
    "Offline RL", "World Models", "Video Prediction", "Point Clouds", "3D Avatars", "Talking Heads",
    "VLMs", "RAG Pipelines", "MoE Routing", "ViT Backbones", "LoRA Adapters", "RLHF", "DPO", "GNNs",
    "Transformers", "MLPs", "CNNs", "Vision-Language Models", "Text Embeddings", "Visual Grounding",
    "Open-World Detection", "Scene Graphs", "Video QA",
)
_T_SPECIAL = (
    "Schrödinger Bridges", "Fréchet Distances", "Rényi Divergences", "Poincaré Embeddings",
    "Lévy Processes", "Gödel Machines", "Hölder Continuity", "Bézier Curves", "Erdős–Rényi Graphs",
    "Kolmogorov–Arnold Networks", "Möbius Transformations", "Padé Approximants",
    "Fokker–Planck Dynamics", "Navier–Stokes Solvers", "Schrödinger Equations",
)
_T_GERUND = (
    "Scaling", "Rethinking", "Revisiting", "Improving", "Understanding", "Benchmarking",
    "Evaluating", "Learning", "Training", "Aligning", "Distilling", "Compressing", "Accelerating",
    "Unlocking", "Measuring", "Quantifying", "Mitigating", "Bridging", "Exploring", "Steering",
    "Probing", "Boosting", "Taming", "Democratizing", "Unifying", "Decoding", "Grounding",
    "Enhancing", "Stabilizing", "Personalizing", "Adapting", "Pretraining", "Fine-Tuning",
)
_T_PROP = (
    "Robustness", "Limits", "Expressivity", "Generalization", "Sample Complexity", "Convergence",
    "Stability", "Role", "Emergence", "Geometry", "Brittleness", "Transferability", "Reliability",
    "Inductive Biases", "Scaling Behavior", "Memorization", "Fragility", "Hidden Costs",
)
_T_STUDY = (
    "A Tale of", "A Study of", "An Empirical Study of", "Lessons from", "A Survey of",
    "A Closer Look at", "A Case Study in", "A Benchmark for", "A Recipe for", "Insights into",
)
_T_KIND = (
    "Benchmark", "Dataset", "Toolkit", "Foundation Model", "Framework", "Library", "Suite",
)
_T_QVERB = (
    "Reason About", "Understand", "Solve", "Plan", "Generalize to", "Replace", "Self-Correct in",
    "Learn", "Evaluate", "Follow",
)
_T_QADJ = (
    "Good", "Reliable", "Robust", "Fair", "Efficient", "Consistent", "Calibrated",
)
_T_QROLE = (
    "Annotators", "Judges", "Evaluators", "Planners", "Few-Shot Learners", "Reward Models",
    "Zero-Shot Reasoners", "World Models", "Optimizers", "Teachers",
)
_T_WORD = (
    "Attention", "Scale", "Alignment", "Reasoning", "Memory", "Data", "Depth", "Context",
)
# Hard-negative and retitle helpers.
_MODIFIERS = (
    "Multilingual", "Efficient", "Sparse", "Robust", "Scalable", "Continual", "Federated",
    "Multimodal", "Hierarchical", "Conditional", "Adaptive", "Unsupervised", "Distributed",
)
_SWAPS = {
    "Language": "Vision",
    "Vision": "Language",
    "Translation": "Summarization",
    "Summarization": "Translation",
    "Image": "Video",
    "Video": "Image",
    "Models": "Agents",
    "Agents": "Models",
    "Learning": "Training",
    "Training": "Learning",
    "Detection": "Segmentation",
    "Segmentation": "Detection",
    "Reasoning": "Planning",
    "Planning": "Reasoning",
    "Large": "Small",
    "Small": "Large",
    "Text": "Speech",
    "Speech": "Text",
    "Generation": "Editing",
    "Editing": "Generation",
    "Towards": "Toward",
    "Toward": "Towards",
    "via": "with",
    "with": "via",
    "for": "in",
    "Improving": "Enhancing",
    "Understanding": "Analyzing",
    "Efficient": "Fast",
    "Benchmark": "Testbed",
    "Scaling": "Growing",
}
_SUFFIXES = (
    " Revisited", " at Scale", " in the Wild", " Made Easy", " Done Right",
)
# Famous real-world hard negatives (planted when hard_negatives=True).
_FAMOUS_PAIRS = (
    (
        "Scaling Laws for Neural Machine Translation",
        "Scaling Laws for Multilingual Neural Machine Translation",
    ),
    ("Language Model Cascades", "Language Model Cascades"),
    ("Attention Is All You Need", "Attention Is Not All You Need"),
    ("Visual Instruction Tuning", "Visual Instruction Tuning"),
    (
        "Emergent Abilities of Large Language Models",
        "Are Emergent Abilities of Large Language Models a Mirage?",
    ),
    (
        "Training Compute-Optimal Large Language Models",
        "Training Compute-Optimal Protein Language Models",
    ),
)
# Abstract sentence templates by role. {N} is the paper's system name, {n} its lowercase form.
_S_CONTEXT = (
    "{MODELS} have achieved remarkable success in {TASK}, yet their {PROPERTY} remain poorly "
    "understood.",
    "Recent advances in {AREA} have enabled impressive progress on {TASK}, but {MODELS} still "
    "struggle with {CHALLENGE}.",
    "{TASK_C} is a fundamental problem in machine learning with applications ranging from {TASK} "
    "to {TASK2}.",
    "Despite rapid progress in {AREA}, {MODELS} still struggle with {CHALLENGE}.",
    "While {MODELS} have shown exceptional capabilities in {TASK}, their {PROPERTY} are often "
    "entangled with {CONFOUND}, necessitating more precise evaluation.",
    "{AREA_C} has emerged as a promising paradigm for {TASK}.",
    "Scaling {MODELS} has been the dominant recipe for progress in {TASK}, but it comes at a "
    "steep computational cost.",
    "A central question in {AREA} is whether {MODELS} can generalize beyond their training "
    "distribution.",
    "Many real-world applications of {TASK} require models that are both accurate and efficient, "
    "a combination that today's {MODELS} rarely achieve.",
    "The community's understanding of {AREA} has advanced considerably, yet {CHALLENGE} remain a "
    "major obstacle.",
)
_S_GAP = (
    "However, existing approaches rely on {LIMITATION}, which limits their {PROPERTY}.",
    "Most prior work focuses on {TASK}, leaving {TASK2} largely unexplored.",
    "Existing methods mainly depend on {LIMITATION}, which is computationally expensive and does "
    "not scale to realistic settings.",
    "Moreover, {CHALLENGE} make it difficult to {GOAL}.",
    "Unfortunately, current benchmarks conflate {PROPERTY} with {CONFOUND}, making fair "
    "comparison difficult.",
    "As a result, practitioners often resort to {LIMITATION}, which introduces bias and hurts "
    "{PROPERTY}.",
    "This gap between practice and theory is worrying: do the models' {PROPERTY} actually reflect "
    "genuine progress?",
)
_S_PROPOSAL = (
    "In this paper, we introduce {N}, a {ADJ} framework for {TASK} that {DOES}.",
    "To address this challenge, we propose {N}, which {DOES}.",
    "We present {N}, a {SIZE}-parameter model trained on {DATA} that {DOES}.",
    "In this work, we revisit {AREA} and study how {MODELS} {BEHAVE} under {CONDITION}.",
    "We introduce {N}, a {ADJ} benchmark that measures {PROPERTY} of {MODELS} across {K} tasks "
    "and {K2} domains.",
    "To this end, we develop {N}, a {ADJ} approach that {DOES} without requiring {LIMITATION}.",
    "This paper presents {N}, the first {ADJ} method to {GOAL} in {TASK}.",
)
_S_METHOD = (
    "{N} {VERB} a {ADJ} {COMPONENT} with a {ADJ2} {COMPONENT2} to {GOAL}.",
    "Specifically, we design a {ADJ} {COMPONENT} that {DOES}.",
    "Our key insight is that {INSIGHT}.", "Unlike prior work, {N} does not require {LIMITATION}.",
    "We further introduce a {ADJ} {COMPONENT} that {DOES}, enabling {N} to {GOAL}.",
    "The resulting model can be trained end-to-end with a simple {OBJECTIVE} objective.",
    "At its core, {N} decomposes {TASK} into a sequence of sub-problems, each handled by a {ADJ} "
    "{COMPONENT}.",
    "We theoretically show that {N} {THEORY}.",
    "To {GOAL}, we propose a {ADJ} training curriculum that gradually increases the difficulty of "
    "{TASK} examples.",
    "Concretely, {N} learns a {ADJ} {COMPONENT} from {DATA} and uses it to {GOAL} at inference "
    "time.",
    "Furthermore, we show how the model's {COMPONENT} can be reused to {GOAL} with negligible "
    "overhead.",
    "We construct a large-scale dataset of {K} thousand examples covering {TASK}, {TASK2}, and "
    "{TASK3}.",
)
_S_EXPERIMENT = (
    "Extensive experiments on {BENCH}, {BENCH2}, and {BENCH3} demonstrate that {N} outperforms "
    "{BASELINES} by {PCT}% on average.",
    "On {BENCH}, {N} achieves {NUM}% {METRIC}, surpassing the previous state of the art by {X} "
    "points.",
    "{N} reduces {COST} by {FACTOR} while maintaining {METRIC} comparable to {BASELINES}.",
    "We evaluate {N} on {K} tasks across {K2} domains and observe consistent improvements over "
    "{BASELINES}.",
    "Empirically, {N} matches the performance of models {FACTOR} larger on {BENCH} and {BENCH2}.",
    "Across {K} benchmarks, including {BENCH} and {BENCH2}, {N} improves {METRIC} by up to {PCT}% "
    "relative to {BASELINES}.",
    "Human evaluations further show that outputs of {N} are preferred over those of {BASELINES} "
    "in {NUM}% of cases.",
    "With only {SIZE} parameters, {N} achieves a {METRIC} of {NUM} on {BENCH}, rivaling "
    "{BASELINES}.",
)
_S_ANALYSIS = (
    "We further show that {N} is robust to the choice of {COMPONENT}, with less than {X} points "
    "of variance across settings.",
    "Scaling experiments from {SIZE} to {SIZE2} parameters reveal that {FINDING}.",
    "Qualitative results indicate that {N} produces more {QUALITY} outputs than {BASELINES}.",
    "A detailed error analysis on {BENCH} shows that {FINDING}.",
    "Moreover, {N} transfers to {TASK} without any task-specific tuning.",
    "We also show that {N} is complementary to {AREA}, yielding additional gains of {PCT}%.",
    "Ablation studies confirm the importance of each component of {N}.",
    "We also find that {FINDING}.", "Our analysis reveals that {FINDING}.",
    "Interestingly, we observe that {FINDING}.",
    "Through extensive experiments, we uncover a non-monotonic relationship between {PROPERTY} "
    "and model size, suggesting that {FINDING}.",
    "Further analysis shows that {N}'s gains are largest on {CHALLENGE}.",
    "We additionally study the effect of {COMPONENT} design choices and find that {FINDING}.",
)
_S_CLOSING = (
    "We will release {N} and the accompanying {ARTIFACT} to support reproducible research on "
    "{TASK}.",
    "All code and data are publicly available at https://github.com/{USER}/{n}.",
    "Models are released at https://huggingface.co/{USER}/{N}",
    "We believe {N} opens new avenues for {TASK} and {TASK2}.",
    "We discuss the limitations of {N} and outline directions for {TASK} with {MODELS}.",
    "Code and models are available at https://github.com/{USER}/{n}.",
    "We hope {N} will serve as a {ROLE} for future research on {AREA}.",
    "Our results suggest that {CONCLUSION}.",
    "We release our code, data, and model weights to facilitate future research.",
    "Project page: https://{n}.github.io", "Code: https://github.com/{USER}/{n}",
    "Overall, our findings shed light on {PROPERTY} of {MODELS} and highlight several open "
    "problems.",
    "Our code is available at https://github.com/{USER}/{n}",
    "Taken together, these results call into question the common practice of {PRACTICE}.",
)
_V: dict[str, tuple[str, ...]] = {
    "MODELS": (
        "large language models (LLMs)", "vision-language models (VLMs)", "diffusion models",
        "graph neural networks (GNNs)", "vision transformers (ViTs)",
        "multimodal large language models", "text-to-image diffusion models", "state space models",
        "reinforcement learning agents", "speech foundation models", "code language models",
        "mixture-of-experts models", "video diffusion models", "neural radiance fields",
        "recommender systems", "retrieval-augmented generation systems", "protein language models",
        "small language models", "reward models", "world models", "embodied agents",
        "LLM-based agents", "open-weight models", "multilingual encoders",
    ),
    "TASK": (
        "mathematical reasoning", "code generation", "open-domain question answering",
        "long-context understanding", "text-to-image generation", "video generation",
        "image editing", "instruction following", "multi-step planning", "tool use",
        "machine translation", "speech recognition", "3D reconstruction", "novel view synthesis",
        "semantic segmentation", "object detection", "molecular property prediction",
        "protein design", "time series forecasting", "robotic manipulation",
        "visual question answering", "document understanding", "table reasoning", "theorem proving",
        "program repair", "summarization", "dialogue generation", "text-to-speech synthesis",
        "music generation", "motion synthesis", "weather forecasting", "medical image analysis",
        "legal reasoning", "chart understanding", "web navigation", "GUI automation",
        "depth estimation", "image captioning", "few-shot classification", "preference learning",
        "knowledge editing", "fact verification", "code review",
    ),
    "PROPERTY": (
        "generalization abilities", "robustness properties", "calibration errors",
        "sample-efficiency limits", "reasoning capabilities", "internal mechanisms",
        "training dynamics", "scaling behaviors", "faithfulness failures", "inference costs",
        "safety properties", "memorization patterns", "compositional abilities",
        "out-of-distribution failures", "long-horizon behaviors", "emergent abilities",
    ),
    "CONFOUND": (
        "memorization", "data contamination", "spurious correlations", "benchmark leakage",
        "prompt sensitivity", "annotation artifacts", "tokenization effects",
    ),
    "AREA": (
        "generative modeling", "self-supervised learning",
        "reinforcement learning from human feedback (RLHF)", "in-context learning",
        "parameter-efficient fine-tuning", "multimodal learning", "representation learning",
        "neural architecture search", "federated learning", "continual learning",
        "test-time scaling", "preference optimization", "knowledge distillation",
        "model compression", "synthetic data generation", "mechanistic interpretability",
        "retrieval-augmented generation", "embodied AI", "3D generation",
        "graph representation learning", "Schrödinger bridge matching", "score-based modeling",
    ),
    "CHALLENGE": (
        "long-horizon tasks", "compositional instructions", "rare concepts",
        "fine-grained spatial reasoning", "multi-hop questions", "noisy labels",
        "distribution shifts", "low-resource languages", "high-resolution inputs",
        "temporal inconsistencies", "hallucinated content", "adversarial prompts",
        "ambiguous queries", "complex document layouts", "sparse rewards",
    ),
    "LIMITATION": (
        "large amounts of labeled data", "hand-crafted heuristics", "expensive human annotations",
        "task-specific architectures", "costly iterative sampling", "proprietary models",
        "quadratic attention", "dense retrieval over the full corpus",
        "fixed-length context windows", "a single scalar reward", "extensive hyperparameter tuning",
        "curated pre-training corpora", "teacher models that are orders of magnitude larger",
    ),
    "COMPONENT": (
        "tokenizer", "router", "reward model", "adapter", "memory module", "attention mask",
        "verifier", "retriever", "codebook", "denoising schedule", "curriculum", "loss function",
        "planning module", "cross-attention layer", "value head", "positional encoding",
        "gating mechanism", "feature pyramid", "latent space", "critic", "draft model",
        "token pruning strategy", "prompt encoder",
    ),
    "VERB": (
        "combines", "unifies", "couples", "integrates", "augments", "pairs",
    ),
    "ADJ": (
        "lightweight", "structure-aware", "hierarchical", "learnable", "sparse", "adaptive",
        "modular", "training-free", "differentiable", "scalable", "unified", "query-aware",
        "uncertainty-aware", "causal", "bidirectional", "multi-scale", "token-level", "step-wise",
        "contrastive", "self-correcting", "plug-and-play", "model-agnostic",
    ),
    "GOAL": (
        "improve sample efficiency", "reduce inference latency", "mitigate hallucinations",
        "preserve fine-grained details", "stabilize training", "capture long-range dependencies",
        "better exploit unlabeled data", "enable zero-shot transfer", "scale to millions of tokens",
        "handle multiple modalities", "reduce memory consumption", "avoid reward hacking",
        "recover from its own mistakes", "adapt to new domains on the fly",
    ),
    "DOES": (
        "learns to allocate computation adaptively across tokens",
        "disentangles content from style in a shared latent space",
        "jointly optimizes retrieval and generation",
        "distills the knowledge of a large teacher into a compact student",
        "verifies intermediate reasoning steps before committing to an answer",
        "encodes each node's local substructure as a discrete code",
        "treats generation as a sequence of iterative refinements",
        "replaces full attention with a linear-time recurrence",
        "grounds every prediction in retrieved evidence",
        "leverages synthetic preference data to align the policy",
        "models uncertainty explicitly at every denoising step",
        "compresses the KV cache with minimal loss in quality",
    ),
    "DATA": (
        "a curated corpus of 2T tokens", "millions of image-text pairs",
        "synthetic trajectories generated by a stronger model", "web-scale video data",
        "public code repositories", "crowd-sourced preference annotations",
        "simulated robot demonstrations", "multilingual parallel text",
    ),
    "SIZE": (
        "7B", "13B", "70B", "1.3B", "350M", "3B", "8B", "125M", "34B", "1.5B",
    ),
    "BEHAVE": (
        "behave", "generalize", "fail", "scale", "adapt", "memorize",
    ),
    "CONDITION": (
        "distribution shift", "limited supervision", "adversarial perturbations",
        "increasing context length", "noisy feedback", "compute constraints",
    ),
    "INSIGHT": (
        "most tokens do not require the full depth of the network",
        "errors in early reasoning steps propagate and compound",
        "the pre-trained representation already contains the necessary information",
        "diversity of the training data matters more than its size",
        "the optimal schedule depends on the signal-to-noise ratio of the data",
        "alignment failures are often detectable from intermediate activations",
    ),
    "OBJECTIVE": (
        "contrastive", "denoising", "next-token prediction", "flow-matching", "maximum-likelihood",
        "preference", "reconstruction",
    ),
    "THEORY": (
        "converges to a stationary point under mild assumptions",
        "is a consistent estimator of the target distribution",
        "strictly generalizes several existing methods", "achieves a near-optimal regret bound",
        "enjoys provable robustness guarantees",
    ),
    "BENCH": (
        "MMLU", "GSM8K", "MATH", "HumanEval", "MBPP", "ImageNet", "COCO", "ADE20K", "LibriSpeech",
        "WMT", "SWE-bench", "BIG-Bench Hard", "ARC", "HellaSwag", "TruthfulQA", "MT-Bench",
        "AlpacaEval", "VQAv2", "GQA", "ScanNet", "nuScenes", "KITTI", "CIFAR-100", "Kinetics-400",
        "LongBench", "RULER", "WebArena", "MiniF2F", "GPQA", "AIME", "LiveCodeBench", "DocVQA",
        "ChartQA", "MMMU", "QM9", "ERA5",
    ),
    "BASELINES": (
        "strong baselines", "prior state-of-the-art methods", "existing open-source models",
        "proprietary systems such as GPT-4o", "competitive diffusion baselines", "larger models",
        "specialized task-specific models", "recent parameter-efficient methods",
    ),
    "METRIC": (
        "accuracy", "pass@1", "FID", "BLEU", "word error rate", "mIoU", "success rate", "F1 score",
        "win rate", "PSNR", "exact match", "top-1 accuracy",
    ),
    "COST": (
        "training cost", "inference latency", "memory footprint", "GPU hours",
        "the number of function evaluations", "KV cache size", "communication overhead",
    ),
    "FINDING": (
        "performance scales log-linearly with the amount of synthetic data",
        "larger models are not necessarily more robust to distribution shift",
        "most of the gains come from a small subset of training examples",
        "simple baselines remain surprisingly competitive when properly tuned",
        "intermediate layers encode task-relevant information that is lost in the final layer",
        "models frequently rely on shallow heuristics rather than genuine reasoning",
        "data quality matters more than data quantity",
        "the benefits diminish beyond a critical model size",
        "attention heads specialize early in training",
        "the model's errors are strongly correlated with its confidence",
        "improvements transfer to unseen tasks without additional fine-tuning",
    ),
    "CONCLUSION": (
        "careful data curation can substitute for scale",
        "evaluation protocols should account for contamination",
        "reasoning abilities can emerge from purely synthetic supervision",
        "efficient architectures are competitive with dense transformers at scale",
    ),
    "PRACTICE": (
        "reporting a single aggregate score", "tuning on the test set",
        "scaling model size without scaling data", "using LLMs as judges without calibration",
    ),
    "ARTIFACT": (
        "dataset", "evaluation suite", "training code", "model checkpoints", "annotation tool",
        "leaderboard",
    ),
    "QUALITY": (
        "coherent", "faithful", "diverse", "temporally consistent", "detailed", "accurate",
        "physically plausible", "human-like",
    ),
    "ROLE": (
        "strong baseline", "testbed", "reference point", "foundation", "useful resource",
    ),
    "USER": (
        "facebookresearch", "google-research", "microsoft", "NVlabs", "THUDM", "OpenGVLab",
        "huggingface", "allenai", "sail-sg", "opendatalab", "mit-han-lab", "stanford-crfm",
        "lm-sys", "QwenLM", "deepseek-ai", "baaivision", "yale-nlp", "princeton-nlp",
    ),
}
_V["TASK2"] = _V["TASK3"] = _V["TASK"]
_V["TASK_C"] = tuple(t[0].upper() + t[1:] for t in _V["TASK"])
_V["AREA_C"] = tuple(t[0].upper() + t[1:] for t in _V["AREA"])
_V["ADJ2"] = _V["ADJ"]
_V["SIZE2"] = _V["SIZE"]
_V["COMPONENT2"] = _V["COMPONENT"]
_V["BENCH2"] = _V["BENCH3"] = _V["BENCH"]
_ROLES = (
    ("context", _S_CONTEXT),
    ("gap", _S_GAP),
    ("proposal", _S_PROPOSAL),
    ("method", _S_METHOD),
    ("experiment", _S_EXPERIMENT),
    ("analysis", _S_ANALYSIS),
    ("closing", _S_CLOSING),
)
_SLOT_RE = re.compile(r"\{([A-Za-z_0-9]+)\}")
_ARTICLE_RE = re.compile(r"\b([Aa]) (?=[aeio]|u(?!ni|s))")
MAX_SENTENCES = 16
_OLDEST_PAPER = date(2019, 1, 1).toordinal()
# Title templates: (cumulative probability, templates). {NP} is a noun phrase with an optional
# adjective (NP7/NP8/NP9: higher adjective probability), {G} a gerund, {name} the system name.
_TITLE_TEMPLATES = (
    (0.22, (
        "{name}: {NP7} for {NP}", "{name}: {G} {NP} with {NP}", "{name}: A {KIND} for {G} {NP}",
        "{name}: An Open {KIND} for {NP} and {NP}", "{name}: Towards {NP8} in {NP}",
    )),
    (0.40, (
        "{G} {NP} via {NP}", "{G} {NP} with {NP7}", "{G} {NP}: {STUDY} {NP}",
        "{G} {NP} for {NP} and {NP}",
    )),
    (0.52, (
        "Towards {NP8} for {NP}", "On the {PROP} of {NP}", "On the {PROP} of {NP} in {NP}",
        "Scaling Laws for {NP}", "A Survey on {NP7}", "{NP8} via {NP}", "{NP8} with {NP} for {NP}",
    )),
    (0.62, (  # questions
        "Can {NP} {QVERB} {NP}?", "Do {NP} Really {QVERB} {NP}?", "Is {NP8} All You Need?",
        "Are {NP} {QADJ} {QROLE}?", "What Makes {NP} Work for {NP}?",
        "How Far Can {NP} Go in {NP}?", "When Does {NP} Help {NP}? {STUDY} {NP}",
    )),
    (0.72, (
        "{NP} Meets {NP}: {G} {NP}", "Beyond {NP}: {G} {NP} with {NP}",
        "{name}: {NP} Meets {NP}", "{NP} in the Era of {NP}",
    )),
    (0.80, (  # non-ASCII: em-dash, curly quotes, diacritics
        "{NP} — {G} {NP} at Scale", "{name} — {NP8} for {NP}",
        "Don’t Throw Away Your {NP}: {G} {NP}", "“{WORD}” Is Not Enough: {G} {NP}",
        "{G} {SPECIAL} for {NP}", "{SPECIAL} Meet {NP}", "{name}: {SPECIAL} for {NP}",
        "The Model’s {PROP}: {STUDY} {NP}",
    )),
    (0.86, (  # ASCII quotes, apostrophes, ampersands
        "Don't Trust Your {NP}: {NP} for {NP}", '"{WORD}" Is All You Need for {NP}',
        "{G} & {G}: {NP} for {NP}", "{NP} & {NP}: {STUDY} {NP}", "It's Not Just {WORD}: {G} {NP}",
    )),
    (1.01, (
        "{NP9} for {NP}", "{G} {NP8}", "{NP9} and {NP} for {NP}", "{NP9}: {STUDY} {NP}",
    )),
)
_NP_ADJ = {"NP": 0.45, "NP7": 0.7, "NP8": 0.8, "NP9": 0.9}
_TITLE_SLOTS = {
    "G": _T_GERUND, "KIND": _T_KIND, "PROP": _T_PROP, "STUDY": _T_STUDY, "QVERB": _T_QVERB,
    "QADJ": _T_QADJ, "QROLE": _T_QROLE, "WORD": _T_WORD, "SPECIAL": _T_SPECIAL,
}


def _compile_title(template: str) -> tuple[tuple[str, str], ...]:
    pieces = re.split(r"\{(\w+)\}", template)  # literal, slot, literal, slot, ..., literal
    pieces.append("")
    return tuple((pieces[k], pieces[k + 1]) for k in range(0, len(pieces) - 1, 2))


_TITLE_GROUPS = tuple(
    (cum, tuple(_compile_title(t) for t in templates)) for cum, templates in _TITLE_TEMPLATES
)
# fmt: on


# --------------------------------------------------------------------------------------------
# Text generator
# --------------------------------------------------------------------------------------------


def _mix64(x: int) -> int:
    """splitmix64 finaliser: a cheap deterministic hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


class _Text:
    """Seeded generator of titles, system names and abstracts (as sentence-pool indices)."""

    def __init__(self, seed: int, sentences_per_role: int = 4000) -> None:
        self.seed = seed
        rng = random.Random(f"paperlake-bench-pool-{seed}")
        pool: list[str] = []
        self.role_range: dict[str, tuple[int, int]] = {}
        for role, templates in _ROLES:
            start = len(pool)
            seen: set[str] = set()
            attempts = 0
            while len(pool) - start < sentences_per_role and attempts < sentences_per_role * 4:
                attempts += 1
                s = self._fill(rng, rng.choice(templates))
                if s not in seen:
                    seen.add(s)
                    pool.append(s)
            self.role_range[role] = (start, len(pool))
        if len(pool) >= 2**16:
            raise ValueError("sentence pool too large for uint16 indices")
        self.pool = pool
        self.pool_len = [len(s) for s in pool]
        self._spans = [(a, b - a) for a, b in (self.role_range[r] for r, _t in _ROLES)]

    # -- sentences -----------------------------------------------------------------------------

    @staticmethod
    def _fill(rng: random.Random, template: str) -> str:
        def slot(m: re.Match[str]) -> str:
            key = m.group(1)
            if key in ("N", "n"):
                return m.group(0)
            if key == "PCT":
                return f"{rng.uniform(0.8, 35.0):.1f}"
            if key == "NUM":
                return f"{rng.uniform(20.0, 97.0):.1f}"
            if key == "X":
                return f"{rng.uniform(0.5, 12.0):.1f}"
            if key in ("K", "K2"):
                return str(rng.randint(3, 60))
            if key == "FACTOR":
                f = rng.choice(("1.5", "1.8", "2", "2.3", "2.7", "3", "3.4", "4", "5.6", "7", "10"))
                return rng.choice((f"{f}x", f"{f}×", f"{f} times"))
            return rng.choice(_V[key])

        s = _ARTICLE_RE.sub(r"\1n ", _SLOT_RE.sub(slot, template))  # "a adaptive" -> "an ..."
        return s[0].upper() + s[1:]

    # -- names and titles ----------------------------------------------------------------------

    def name(self, i: int) -> str:
        h = _mix64((self.seed << 32) ^ i)
        head = _NAME_HEAD[h % len(_NAME_HEAD)]
        h //= len(_NAME_HEAD)
        tail = _NAME_TAIL[h % len(_NAME_TAIL)]
        h //= len(_NAME_TAIL)
        return head + tail + _NAME_VERSION[h % len(_NAME_VERSION)]

    def title(self, rng: random.Random, name: str) -> str:
        """A 4-20 word ML paper title (colons, acronyms, questions, some non-ASCII)."""
        rnd = rng.random
        while True:
            x = rnd()
            templates = next(group for cum, group in _TITLE_GROUPS if x < cum)
            parts = templates[int(rnd() * len(templates))]
            g1 = ""
            out = []
            for lit, slot in parts:
                out.append(lit)
                if not slot:
                    continue
                if slot == "name":
                    out.append(name)
                elif slot[:2] == "NP":
                    noun = _T_NOUN[int(rnd() * len(_T_NOUN))]
                    if rnd() < _NP_ADJ[slot]:
                        adj = _T_ADJ[int(rnd() * len(_T_ADJ))]
                        if adj not in noun:
                            noun = f"{adj} {noun}"
                    out.append(noun)
                else:
                    vocab = _TITLE_SLOTS[slot]
                    word = vocab[int(rnd() * len(vocab))]
                    if slot == "G":  # two gerunds in one title must differ
                        while word == g1:
                            word = vocab[int(rnd() * len(vocab))]
                        g1 = word
                    out.append(word)
            t = "".join(out)
            if 4 <= len(t.split()) <= 20:
                return t

    # -- abstracts -----------------------------------------------------------------------------

    def abstract_plan(self, rng: random.Random, first: int | None = None) -> tuple[list[int], int]:
        """Pick pool sentences for one abstract of 600-1900 characters: (indices, trunc).

        ``trunc`` > 0 means the listing shows the abstract cut mid-word at that many characters.
        ``first`` forces the opening sentence (used by hard negatives).
        """
        pl = self.pool_len
        rnd = rng.random
        (c0, cn), (g0, gn), (p0, pn), (m0, mn), (e0, en), (a0, an), (z0, zn) = self._spans
        # Candidate sentences in reading order: context, gap, proposal, methods, two experiment
        # sentences, analyses, closing. Context, proposal and the first experiment are always
        # kept; the others are added in a fixed priority order while they fit the target length.
        nm = 2 + int(rnd() * 5)
        na = 1 + int(rnd() * 3)
        cand = [first if first is not None else c0 + int(rnd() * cn)]
        cand.append(g0 + int(rnd() * gn))
        cand.append(p0 + int(rnd() * pn))
        cand += [m0 + int(rnd() * mn) for _ in range(nm)]
        cand += [e0 + int(rnd() * en), e0 + int(rnd() * en)]
        cand += [a0 + int(rnd() * an) for _ in range(na)]
        e1 = 3 + nm
        am = e1 + 2  # first analysis
        priority = [3, 1, e1 + 1]  # first method, gap, second experiment
        if rnd() < 0.7:
            cand.append(z0 + int(rnd() * zn))
            priority.insert(1, len(cand) - 1)  # closing
        for k in range(1, 6):  # then analysis k-1 and method k, interleaved
            if k - 1 < na:
                priority.append(am + k - 1)
            if k < nm:
                priority.append(3 + k)
        include = [False] * len(cand)
        include[0] = include[2] = include[e1] = True
        total = pl[cand[0]] + pl[cand[2]] + pl[cand[e1]] + 3
        target = 640 + int(rnd() * 1181)
        for k in priority:
            length = pl[cand[k]] + 1
            if total + length <= target:
                include[k] = True
                total += length
        if total < 600:  # rare: nothing optional fitted; add the shortest ones until long enough
            for _, k in sorted((pl[cand[k]], k) for k in priority if not include[k]):
                include[k] = True
                total += pl[cand[k]] + 1
                if total >= 600:
                    break
        idx = [s for s, keep in zip(cand, include, strict=True) if keep][:MAX_SENTENCES]
        trunc = 0
        if total > 1000 and rng.random() < 0.04:
            trunc = rng.randint(650, total - 40)
        return idx, trunc

    def abstract(self, idx: Iterable[int], trunc: int, name: str) -> str:
        text = " ".join([self.pool[k] for k in idx])
        if "{" in text:
            text = text.replace("{N}", name).replace("{n}", name.lower())
        if trunc and trunc < len(text):
            text = text[:trunc]
            # cut mid-word like the real listings, never on whitespace
            while text and not text[-1].isalnum():
                text = text[:-1]
        return text


# --------------------------------------------------------------------------------------------
# Perturbations of repeated records (same paper, different surface form)
# --------------------------------------------------------------------------------------------

_TO_ASCII = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "×": "x",
        "\u00a0": " ",
        "ö": "o",
        "é": "e",
        "ő": "o",
        "è": "e",
        "ü": "u",
        "á": "a",
    }
)
_CURLY_DQ_RE = re.compile(r'"([^"]*)"')


def _p_case(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    if rng.random() < 0.1:
        options = [t.upper()]
    else:
        options = [
            t.lower(),
            t[:1] + t[1:].lower(),  # sentence case
            " ".join(w[:1].upper() + w[1:] for w in t.split(" ")),  # Every Word Capitalised
            " ".join(w.lower() if len(w) < 4 else w for w in t.split(" ")),  # small words lower
        ]
    changed = [o for o in options if o != t]
    return (rng.choice(changed) if changed else t), a


def _p_punct(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    options = []
    if ": " in t:
        options += [t.replace(": ", " - ", 1), t.replace(": ", ". ", 1), t.replace(":", "", 1)]
        options.append(t.replace(": ", " : ", 1))
    if "-" in t:
        options += [t.replace("-", " "), t.replace("-", "", 1)]
    if t.endswith("?"):
        options.append(t[:-1])
    else:
        options.append(t + ".")
    if "," not in t and " and " in t:
        options.append(t.replace(" and ", ", and ", 1))
    return rng.choice(options), a


def _p_unicode(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    if not (t + a).isascii():
        dash = rng.choice(("-", "--"))
        return t.replace("—", dash).translate(_TO_ASCII), a.replace("—", dash).translate(_TO_ASCII)

    def fancy(s: str) -> str:
        s = s.replace("'", "’").replace(" - ", " — ").replace("--", "—")
        return _CURLY_DQ_RE.sub(lambda m: f"“{m.group(1)}”", s)

    if rng.random() < 0.5 and ":" in t:
        return fancy(t).replace(": ", " — ", 1), fancy(a)
    return fancy(t), fancy(a)


def _p_entities(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")

    return esc(t), (esc(a) if rng.random() < 0.7 else a)


def _p_marker(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    return t + "*", a


def _spacing(rng: random.Random, s: str, n: int) -> str:
    """Replace ``n`` random single spaces with odd whitespace (double space, NBSP, ...)."""
    parts = s.split(" ")
    if len(parts) < 2:
        return s
    seps = [" "] * (len(parts) - 1)
    for _ in range(n):
        seps[rng.randrange(len(seps))] = rng.choice(("  ", "\u00a0", "   ", " \u00a0"))
    out = [parts[0]]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += (sep, part)
    return "".join(out)


def _p_whitespace(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    r = rng.random()
    if r < 0.25:
        t = rng.choice((" ", "  ", "\u00a0")) + t
    elif r < 0.5:
        t = t + rng.choice((" ", "  ", "\u00a0", "\t"))
    t = _spacing(rng, t, rng.randint(1, 2))
    if rng.random() < 0.3:
        a = _spacing(rng, a, rng.randint(1, 4))
    return t, a


def _p_truncate(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    cut = rng.randint(int(len(a) * 0.35), int(len(a) * 0.85))
    cut = a.rfind(" ", 0, cut)
    if cut < 40:
        return t, a
    return t, a[:cut].rstrip(" ,;:") + rng.choice(("…", "...", " …", " ...", "…", "..."))


def _p_respace(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    r = rng.random()
    if r < 0.35:
        return t, a.replace(". ", ".  ")
    if r < 0.6:
        return t, re.sub(r"\. (?=[A-Z])", ".", a, count=rng.randint(1, 3))
    if r < 0.8:
        return t, " ".join(a.split(" ")).replace(", ", " , ", rng.randint(1, 3))
    return t, _spacing(rng, a, rng.randint(3, 10))


def _p_retitle(rng: random.Random, t: str, a: str) -> tuple[str, str]:
    return _edit_title(rng, t, rng.randint(1, 2)), a


_CONNECTORS = frozenset(("for", "with", "via", "of", "in", "and", "&", "on", "from", "to"))
_DROPPABLE = frozenset(_T_ADJ) | frozenset(_MODIFIERS)


def _edit_title(rng: random.Random, t: str, n_edits: int) -> str:
    """Change, add or drop one or two words (an arXiv v2 retitle / a near-same title)."""
    words = t.split(" ")
    for _ in range(n_edits):
        r = rng.random()
        swappable = [k for k, w in enumerate(words) if w in _SWAPS]
        # noun-phrase starts: after a connector word or a colon
        starts = [
            k
            for k in range(1, len(words))
            if words[k][:1].isupper()
            and words[k] not in ("A", "An", "The")
            and (words[k - 1] in _CONNECTORS or words[k - 1][-1] == ":")
        ]
        droppable = [k for k, w in enumerate(words) if w in _DROPPABLE and len(words) > 4]
        if r < 0.35 and swappable:
            k = rng.choice(swappable)
            words[k] = _SWAPS[words[k]]
        elif r < 0.7 and starts:
            mod = rng.choice(_MODIFIERS)
            if mod not in words:
                words.insert(rng.choice(starts), mod)
        elif r < 0.8 and droppable:
            del words[rng.choice(droppable)]
        elif r < 0.9 and words[-1][-1:].isalnum() and not " ".join(words).endswith(_SUFFIXES):
            words[-1] += rng.choice(_SUFFIXES)
        elif words[0] in _T_GERUND:
            words.insert(0, "Towards")
        elif starts:
            words.insert(rng.choice(starts), rng.choice(_MODIFIERS))
    out = " ".join(words)
    if out.casefold() == t.casefold():
        out = f"{t}{rng.choice(_SUFFIXES)}" if t[-1:].isalnum() else f"Revisiting {t}"
    return out


_PERTURBATIONS = (  # (name, function, weight), applied in this order
    ("retitle", _p_retitle, 1.0),
    ("case", _p_case, 1.0),
    ("punct", _p_punct, 1.0),
    ("unicode", _p_unicode, 1.0),
    ("marker", _p_marker, 0.6),
    ("truncate", _p_truncate, 1.0),
    ("respace", _p_respace, 0.8),
    ("whitespace", _p_whitespace, 1.0),
    ("entities", _p_entities, 0.8),
)
_P_NAMES = [p[0] for p in _PERTURBATIONS]
_P_WEIGHTS = [p[2] for p in _PERTURBATIONS]


def perturb_record(rng: random.Random, title: str, abstract: str) -> tuple[str, str, str]:
    """Return ``(title, abstract, names)`` rendered with 1-3 realistic perturbations of the same
    paper; ``names`` lists the applied perturbations joined with ``+``. Never returns the input."""
    k = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(_P_NAMES, _P_WEIGHTS)[0])
    t, a, applied = title, abstract, []
    for name, fn, _w in _PERTURBATIONS:
        if name in chosen:
            t2, a2 = fn(rng, t, a)
            if (t2, a2) != (t, a):
                t, a = t2, a2
                applied.append(name)
    if not applied or not t.strip():
        t, a, applied = title + "*", abstract, ["marker"]
    return t, a, "+".join(applied)


# --------------------------------------------------------------------------------------------
# Paper store: one compact row per distinct paper
# --------------------------------------------------------------------------------------------


class _Store:
    def __init__(self, seed: int, hard_negative_rate: float) -> None:
        self.text = _Text(seed)
        self.rng = random.Random(f"paperlake-bench-papers-{seed}")
        self.nrng = np.random.default_rng([seed, 0x9A9E])
        self._meta: list[tuple[int, int, int, bool, float]] = []
        self.hard_negative_rate = hard_negative_rate
        self.n = 0
        self.cap = 0
        self.titles: list[str] = []
        self._title_keys: set[int] = set()
        self._arxiv_next: dict[int, int] = {}
        self.arrays: dict[str, np.ndarray] = {}
        self._grow(4096)

    _SPEC = (  # name, dtype, fill, trailing shape
        ("sent", np.uint16, 0, (MAX_SENTENCES,)),
        ("nsent", np.uint8, 0, ()),
        ("trunc", np.uint16, 0, ()),
        ("n_authors", np.uint16, 0, ()),
        ("published", np.int32, 0, ()),
        ("upvotes", np.int32, 0, ()),
        ("arxiv", np.int64, 0, ()),
        ("first_page", np.int32, -1, ()),
        ("first_day", np.int32, 0, ()),
        ("negative_of", np.int32, -1, ()),
        ("n_records", np.int32, 0, ()),
        ("abstract_chars", np.int32, 0, ()),
    )

    def _grow(self, cap: int) -> None:
        for name, dtype, fill, shape in self._SPEC:
            new = np.full((cap, *shape), fill, dtype=dtype)
            if name in self.arrays:
                new[: self.cap] = self.arrays[name][: self.cap]
            self.arrays[name] = new
            setattr(self, name, new)
        self.cap = cap

    def _arxiv(self, published: date) -> int:
        yymm = (published.year % 100) * 100 + published.month
        nxt = self._arxiv_next.get(yymm)
        if nxt is None:
            nxt = self.rng.randint(1, 400)
        step = self.rng.randint(1, 3)
        if nxt + step > 99_999:
            step = 1
        seq = nxt + step
        if seq > 99_999:
            raise RuntimeError(f"more than 99,999 synthetic papers published in {yymm:04d}")
        self._arxiv_next[yymm] = seq
        return yymm * 100_000 + seq

    def _refill_meta(self) -> None:
        """Draw per-paper metadata in vectorised chunks (much cheaper than per-paper calls)."""
        g, n = self.nrng, 8192
        self._meta = list(
            zip(
                np.clip(g.lognormal(1.7, 0.55, n).astype(np.int64), 2, 80).tolist(),
                np.minimum(g.lognormal(2.4, 1.2, n).astype(np.int64), 3000).tolist(),
                g.integers(0, 8, n).tolist(),  # published this many days before first seen
                (g.random(n) < 0.1).tolist(),  # ... or an older paper resurfacing
                g.random(n).tolist(),
                strict=True,
            )
        )
        self._meta.reverse()

    def new_paper(self, day: date, twin: int = -1, title: str | None = None) -> int:
        """Create a paper first seen on ``day``; ``twin`` >= 0 makes it a hard negative of
        that paper (same or near-same title, different abstract and arXiv id)."""
        rng = self.rng
        i = self.n
        if i == self.cap:
            self._grow(self.cap * 2)
        first = None
        if twin >= 0:
            if title is None:
                base = self.titles[twin]
                title = base if rng.random() < 0.35 else _edit_title(rng, base, rng.randint(1, 2))
            if rng.random() < 0.5:  # same research area: share the opening sentence
                first = int(self.sent[twin, 0])
        elif title is None:
            name = self.text.name(i)
            while True:
                title = self.text.title(rng, name)
                if hash(title.casefold()) not in self._title_keys:
                    break
        self._title_keys.add(hash(title.casefold()))
        idx, trunc = self.text.abstract_plan(rng, first)
        self.sent[i, : len(idx)] = idx
        self.nsent[i] = len(idx)
        self.trunc[i] = trunc
        if not self._meta:
            self._refill_meta()
        n_authors, upvotes, days_before, old, u = self._meta.pop()
        day_ord = day.toordinal()
        if old:
            lo = _OLDEST_PAPER
            published = date.fromordinal(lo + int(u * max(1, day_ord - 8 - lo)))
        else:
            published = date.fromordinal(day_ord - days_before)
        self.published[i] = published.toordinal()
        self.n_authors[i] = n_authors
        self.upvotes[i] = upvotes
        self.arxiv[i] = self._arxiv(published)
        self.negative_of[i] = twin
        self.titles.append(title)
        self.n += 1
        return i

    def abstract(self, i: int) -> str:
        row = self.sent[i, : self.nsent[i]].tolist()
        return self.text.abstract(row, int(self.trunc[i]), self.text.name(i))

    def arxiv_id(self, i: int) -> str:
        v = int(self.arxiv[i])
        return f"{v // 100_000:04d}.{v % 100_000:05d}"

    def paper(self, i: int) -> SynthPaper:
        return SynthPaper(
            truth_id=_truth_id(i),
            title=self.titles[i],
            abstract=self.abstract(i),
            arxiv_id=self.arxiv_id(i),
            n_authors=int(self.n_authors[i]),
            published=date.fromordinal(int(self.published[i])),
            upvotes=int(self.upvotes[i]),
        )


def _truth_id(i: int) -> str:
    return f"P{i:07d}"


def synth_papers(
    n: int, *, seed: int = 0, day: date = START_DATE, hard_negatives: bool = False
) -> list[SynthPaper]:
    """``n`` distinct synthetic papers (for unit tests of parsers/renderers). With
    ``hard_negatives`` every fifth paper is a hard negative of an earlier one."""
    store = _Store(seed, 0.0)
    for k in range(n):
        twin = store.rng.randrange(k) if hard_negatives and k and k % 5 == 4 else -1
        store.new_paper(day, twin)
    return [store.paper(i) for i in range(n)]


# --------------------------------------------------------------------------------------------
# Corpus generation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """Where a generated corpus and its ground truth live, plus summary counts.

    ``records_path`` (``<out_dir>.truth.parquet`` next to ``out_dir``): one row per rendered record
    - file, capture_date, layout, position (1-based), truth_id, kind, title (as rendered), arxiv_id,
    negative_of, perturbations, abstract_chars, upvotes (as rendered, rich pages only).
    ``papers_path`` (``<out_dir>.papers.parquet``): one row per distinct paper - truth_id,
    arxiv_id, title (canonical), abstract_chars, n_authors, published, upvotes, negative_of,
    first_file, n_records.
    """

    out_dir: Path
    records_path: Path
    papers_path: Path
    n_files: int
    n_records: int
    n_papers: int
    n_bytes: int
    seconds: float
    kinds: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, int] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)

    @property
    def mb(self) -> float:
        return self.n_bytes / 1e6

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.seconds if self.seconds else float("inf")

    def records(self, columns: list[str] | None = None):  # -> pyarrow.Table
        import pyarrow.parquet as pq

        return pq.read_table(self.records_path, columns=columns)

    def papers(self, columns: list[str] | None = None):  # -> pyarrow.Table
        import pyarrow.parquet as pq

        return pq.read_table(self.papers_path, columns=columns)

    def summary(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "records_path": str(self.records_path),
            "papers_path": str(self.papers_path),
            "files": self.n_files,
            "records": self.n_records,
            "papers": self.n_papers,
            "bytes": self.n_bytes,
            "seconds": round(self.seconds, 3),
            "kinds": self.kinds,
            "layouts": self.layouts,
            "params": self.params,
        }


def truth_paths(out_dir: str | Path) -> tuple[Path, Path]:
    """Default ground-truth files of a corpus: siblings of ``out_dir`` so that the page folder
    holds nothing but pages."""
    out = Path(out_dir).resolve()
    return out.with_name(out.name + ".truth.parquet"), out.with_name(out.name + ".papers.parquet")


class _RecordWriter:
    """Buffers truth rows and flushes them to Parquet in row groups (bounded memory)."""

    def __init__(self, path: Path, metadata: dict[str, str], flush_rows: int = 100_000) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema(
            [
                ("file", pa.string()),
                ("capture_date", pa.date32()),
                ("layout", pa.string()),
                ("position", pa.int32()),
                ("truth_id", pa.string()),
                ("kind", pa.string()),
                ("title", pa.string()),
                ("arxiv_id", pa.string()),
                ("negative_of", pa.string()),
                ("perturbations", pa.string()),
                ("abstract_chars", pa.int32()),
                ("upvotes", pa.int32()),
            ],
            metadata=metadata,
        )
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.flush_rows = flush_rows
        self.cols: dict[str, list] = {f.name: [] for f in self.schema}

    def add_page(self, file: str, capture: date, layout: str, rows: list[tuple]) -> None:
        c = self.cols
        n = len(rows)
        c["file"] += [file] * n
        c["capture_date"] += [capture] * n
        c["layout"] += [layout] * n
        c["position"] += range(1, n + 1)
        for name, values in zip(
            (
                "truth_id",
                "kind",
                "title",
                "arxiv_id",
                "negative_of",
                "perturbations",
                "abstract_chars",
                "upvotes",
            ),
            zip(*rows, strict=True),
            strict=True,
        ):
            c[name] += values
        if len(c["file"]) >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        if self.cols["file"]:
            table = self.pa.Table.from_pydict(self.cols, schema=self.schema)
            self.writer.write_table(table)
            del table
            self.cols = {name: [] for name in self.cols}
            self.pa.default_memory_pool().release_unused()

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _write_papers(
    store: _Store, path: Path, start: date, pages_per_day: int, meta: dict, chunk: int = 100_000
) -> None:
    """Write the per-paper truth in row groups of ``chunk`` papers (bounded extra memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    epoch = date(1970, 1, 1).toordinal()
    schema = pa.schema(
        [
            ("truth_id", pa.string()),
            ("arxiv_id", pa.string()),
            ("title", pa.string()),
            ("abstract_chars", pa.int32()),
            ("n_authors", pa.int32()),
            ("published", pa.date32()),
            ("upvotes", pa.int32()),
            ("negative_of", pa.string()),
            ("first_file", pa.string()),
            ("n_records", pa.int32()),
        ],
        metadata=meta,
    )
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for lo in range(0, store.n, chunk):
            hi = min(store.n, lo + chunk)
            a = {k: v[lo:hi] for k, v in store.arrays.items()}
            first_file = [
                page_file_name(start + timedelta(days=p // pages_per_day), p) if p >= 0 else None
                for p in a["first_page"].tolist()
            ]
            columns = {
                "truth_id": [_truth_id(i) for i in range(lo, hi)],
                "arxiv_id": [f"{v // 100_000:04d}.{v % 100_000:05d}" for v in a["arxiv"].tolist()],
                "title": store.titles[lo:hi],
                "abstract_chars": a["abstract_chars"],
                "n_authors": a["n_authors"].astype(np.int32),
                "published": (a["published"] - epoch).astype(np.int32),
                "upvotes": a["upvotes"],
                "negative_of": [_truth_id(j) if j >= 0 else None for j in a["negative_of"].tolist()],
                "first_file": first_file,
                "n_records": a["n_records"],
            }
            arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    pa.default_memory_pool().release_unused()


def _pick_repeats(rng: random.Random, n_pub: int, k: int, window: int) -> list[int]:
    """``k`` distinct already-published papers, biased towards recent ones."""
    k = min(k, n_pub)
    chosen: set[int] = set()
    lo = max(0, n_pub - window)
    while len(chosen) < k:
        if rng.random() < 0.7:
            chosen.add(rng.randrange(lo, n_pub))
        else:
            chosen.add(rng.randrange(n_pub))
    return list(chosen)


def generate_corpus(
    out_dir: str | Path,
    n_pages: int,
    *,
    seed: int = 0,
    papers_per_page: int = 100,
    repeat_rate: float = 0.35,
    layouts: Sequence[str] = CAPTURED_LAYOUTS,
    perturb: bool = False,
    hard_negatives: bool = False,
    perturb_rate: float = 0.4,
    hard_negative_rate: float = 0.03,
    pages_per_day: int = 3,
    start: date = START_DATE,
    truth_path: str | Path | None = None,
    papers_path: str | Path | None = None,
    overwrite: bool = False,
) -> Truth:
    """Write ``n_pages`` synthetic listing pages into ``out_dir`` and their ground truth.

    * Page ``k`` is captured on ``start + k // pages_per_day`` days and named
      ``YYYY-MM-DD_<k:06d>.txt``; its layout is ``layouts[k % len(layouts)]`` (repeat a layout in
      the sequence to weight it). The spaced page date / rich export date is the capture date.
    * Each page holds ``papers_per_page`` records: ~``repeat_rate`` of them are papers already
      published on earlier pages (biased to recent ones, never twice on one page), the rest new.
    * ``perturb``: ``perturb_rate`` of the repeats are rendered with realistic surface changes of
      the same paper (kind ``perturbed``; the applied changes are listed in ``perturbations``).
    * ``hard_negatives``: ``hard_negative_rate`` of new papers are different papers whose title is
      the same as, or a one/two-word edit of, an earlier paper's (kind ``hard_negative``,
      ``negative_of`` = that paper); a few famous real pairs are planted as well.
    * Deterministic for a given set of arguments. Existing page files in ``out_dir`` are an
      error unless ``overwrite`` (then only files named like pages are deleted).
    """
    t0 = time.perf_counter()
    layouts = tuple(layouts)
    if not layouts or any(lay not in LAYOUTS for lay in layouts):
        raise ValueError(f"layouts must be a non-empty sequence of {LAYOUTS}, got {layouts!r}")
    if n_pages < 0 or papers_per_page < 1 or pages_per_day < 1:
        raise ValueError("n_pages >= 0, papers_per_page >= 1 and pages_per_day >= 1 required")
    if not 0.0 <= repeat_rate <= 1.0:
        raise ValueError("repeat_rate must be in [0, 1]")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    existing = [p for p in out.iterdir() if PAGE_FILE_RE.match(p.name)]
    if existing:
        if not overwrite:
            raise FileExistsError(
                f"{out} already holds {len(existing)} page files (pass overwrite=True / --overwrite)"
            )
        for p in existing:
            p.unlink()
    default_truth, default_papers = truth_paths(out)
    truth_file = Path(truth_path).resolve() if truth_path else default_truth
    papers_file = Path(papers_path).resolve() if papers_path else default_papers

    params: dict[str, object] = {
        "n_pages": n_pages,
        "seed": seed,
        "papers_per_page": papers_per_page,
        "repeat_rate": repeat_rate,
        "layouts": list(layouts),
        "perturb": perturb,
        "hard_negatives": hard_negatives,
        "perturb_rate": perturb_rate,
        "hard_negative_rate": hard_negative_rate,
        "pages_per_day": pages_per_day,
        "start": start.isoformat(),
    }
    meta = {"paperlake.bench.corpus": json.dumps(params)}
    store = _Store(seed, hard_negative_rate if hard_negatives else 0.0)
    rng = random.Random(f"paperlake-bench-pages-{seed}")
    prng = random.Random(f"paperlake-bench-perturb-{seed}")
    writer = _RecordWriter(truth_file, meta)
    famous: list[tuple[str, int]] = []  # queue of (title, index into _FAMOUS_PAIRS / -1-k)
    if hard_negatives:
        famous = [(a, k) for k, (a, _b) in enumerate(_FAMOUS_PAIRS)]
        famous += [(b, -1 - k) for k, (_a, b) in enumerate(_FAMOUS_PAIRS)]
    famous_ids: dict[int, int] = {}
    kinds: Counter[str] = Counter()
    layout_counts: Counter[str] = Counter()
    n_bytes = 0
    n_records = 0
    window = 20 * papers_per_page
    titles = store.titles

    try:
        for page in range(n_pages):
            capture = start + timedelta(days=page // pages_per_day)
            cap_ord = capture.toordinal()
            layout = layouts[page % len(layouts)]
            n_pub = store.n
            n_rep = 0
            if n_pub and repeat_rate > 0:
                n_rep = sum(rng.random() < repeat_rate for _ in range(papers_per_page))
                n_rep = min(n_rep, n_pub, papers_per_page)
            entries: list[tuple[int, bool]] = [(i, False) for i in _pick_repeats(rng, n_pub, n_rep, window)]
            # New papers: planted famous pairs first, then generic (maybe hard-negative) ones.
            n_new = papers_per_page - len(entries)
            budget = max(1, papers_per_page // 10)
            while famous and n_new and budget:
                title, k = famous[0]
                twin = -1
                if k < 0:
                    twin = famous_ids.get(-1 - k, -1)
                    if twin < 0 or twin >= n_pub:
                        break  # its twin has not been published on an earlier page yet
                famous.pop(0)
                i = store.new_paper(capture, twin, title)
                if k >= 0:
                    famous_ids[k] = i
                entries.append((i, True))
                n_new -= 1
                budget -= 1
            hn_rate = store.hard_negative_rate
            for _ in range(n_new):
                twin = -1
                if hn_rate and n_pub and rng.random() < hn_rate:
                    twin = rng.randrange(n_pub)
                entries.append((store.new_paper(capture, twin), True))
            rng.shuffle(entries)

            items: list[tuple] = []
            rows: list[tuple] = []
            rich = layout in ("rich", "markdown")  # pages that carry arXiv id, authors, date, upvotes
            for i, is_new in entries:
                title = titles[i]
                abstract = store.abstract(i)
                kind, applied = "original", None
                if is_new:
                    store.first_page[i] = page
                    store.first_day[i] = cap_ord
                    store.abstract_chars[i] = len(abstract)
                    if store.negative_of[i] >= 0:
                        kind = "hard_negative"
                elif perturb and prng.random() < perturb_rate:
                    title, abstract, applied = perturb_record(prng, title, abstract)
                    kind = "perturbed"
                else:
                    kind = "repeat"
                store.n_records[i] += 1
                ax = store.arxiv_id(i)
                up = None
                if rich:
                    base = int(store.upvotes[i])
                    days = min(30, cap_ord - int(store.first_day[i]))
                    up = base + days * (1 + base // 20)
                    items.append(
                        (
                            title,
                            abstract,
                            ax,
                            int(store.n_authors[i]),
                            date.fromordinal(int(store.published[i])),
                            up,
                        )
                    )
                else:
                    items.append((title, abstract))
                neg = int(store.negative_of[i])
                rows.append(
                    (
                        _truth_id(i),
                        kind,
                        title,
                        ax,
                        _truth_id(neg) if neg >= 0 else None,
                        applied,
                        len(abstract),
                        up,
                    )
                )
                kinds[kind] += 1

            if layout == "spaced":
                text = _spaced(items, capture)
            elif layout == "compact":
                text = _compact(items)
            elif layout == "wrapped":
                text = _wrapped(items, capture)
            elif layout == "markdown":
                text = _markdown(items)
            else:
                text = _rich(items, capture, capture)
            name = page_file_name(capture, page)
            data = text.encode("utf-8")
            with open(out / name, "wb") as f:
                f.write(data)
            n_bytes += len(data)
            n_records += len(rows)
            layout_counts[layout] += 1
            writer.add_page(name, capture, layout, rows)
    finally:
        writer.close()
    _write_papers(store, papers_file, start, pages_per_day, meta)
    return Truth(
        out_dir=out,
        records_path=truth_file,
        papers_path=papers_file,
        n_files=n_pages,
        n_records=n_records,
        n_papers=store.n,
        n_bytes=n_bytes,
        seconds=time.perf_counter() - t0,
        kinds={k: kinds[k] for k in KINDS},
        layouts=dict(layout_counts),
        params=params,
    )
