from types import SimpleNamespace

import pytest

from briefnlp.evaluation.cost import flops_per_token


def test_flops_per_token_counts_matmuls_and_attention_at_the_token_weighted_length():
    config = SimpleNamespace(hidden_size=4, intermediate_size=8, num_hidden_layers=2)
    # chunks of 2 and 4 tokens: a token sits in a chunk of (2*2 + 4*4) / 6 tokens on average
    effective = (2 * 2 + 4 * 4) / 6
    per_layer = 8 * 4 * 4 + 4 * 4 * 8 + 4 * effective * 4
    assert flops_per_token(config, [2, 4]) == pytest.approx(2 * per_layer)


def test_flops_per_token_of_e5_small_at_512_tokens():
    e5 = SimpleNamespace(hidden_size=384, intermediate_size=1536, num_hidden_layers=12)
    # 12 * (8*384^2 + 4*384*1536 + 4*512*384) = 51.9 MFLOP: the figure the benchmarks print
    assert flops_per_token(e5, [512]) / 1e6 == pytest.approx(51.9, abs=0.05)
