"""The evaluation report: a network's figures over a period, as an evaluator would publish them."""
