"""The domain, with no display: how a booking's prints travelled, the detainer rules engine,
SYNTHETIC caseloads and the cases students are given."""
