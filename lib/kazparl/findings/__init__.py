"""Findings: the sentences of the notebooks that state figures, written from the data.

One module per notebook; each function takes what the analysis modules return (frames and
dicts that carry their sources) and returns :class:`kazparl.prose.Markdown`, which the
notebook displays as a cell output. Because the sentence is an output, nbval compares it: a
changed figure in ``data/`` changes the sentence and fails ``make test`` until the notebook
is re-executed and reviewed. A section that does not apply to the chosen parameters says so
in one line (:func:`kazparl.prose.not_applicable`), never the default's findings.

Import the module of a notebook: ``from kazparl.findings import deputy_profiles as findings``.
Modules: :mod:`~kazparl.findings.deputy_profiles`, :mod:`~kazparl.findings.vote_shares`,
:mod:`~kazparl.findings.regional_turnout`, :mod:`~kazparl.findings.survey_trends`,
:mod:`~kazparl.findings.paper_claims`, :mod:`~kazparl.findings.data_overview`.
"""
