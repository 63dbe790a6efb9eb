"""Analysis: the Analyzer contract, the rules and LLM analyzers, engagement figures and checks."""
