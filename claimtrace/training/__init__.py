"""Building and measuring the claim model, one module per job.

`data` (labelled rows and splits), `metrics` (scores to numbers; numpy only), `fit` (the model;
needs the `train` extra), `recipe` (the shipped model's reproducible build).
"""
