"""The first paragraph of each top-level command's help, so `qualcode --help` lists every command
without importing the command areas (that import was most of `--help`'s start-up).

`LazyAreasGroup.format_commands` shortens these exactly as click shortens a command's own help.
tests/test_cli_lazy_loading.py checks the table against the commands the areas really register and
prints the table to paste when a help text changes.
"""

COMMAND_SUMMARIES: dict[str, str] = {
    'agreement': "Intercoder agreement per code: 2×2 counts, agreement, Cohen's κ, Krippendorff's α, Brennan–Prediger κ.",
    'backup': 'Write a consistent copy of the project database (safe while the TUI is open).',
    'cases': 'Participants (cases) and their attributes.',
    'code': 'Apply (or --remove) CODE_ID on SEGMENT (its number, 1-based) of DOCUMENT.',
    'codebook': "Validate, show and import codebooks (YAML files in the project's codebooks/ folder).",
    'codes': 'Change codes across the codebook and every coding (a backup is taken first).',
    'doctor': 'Check the project (integrity, orphan rows, offsets, spans, codebook vs database) and explain each finding.',
    'documents': "List the project's documents, fix a document's speakers, or delete one (a backup is taken first).",
    'eval': 'Measure how well suggestions agree with human coding.',
    'export': 'Write matrices, codings, co-occurrence, crosstabs, frequencies, quotes and charts for SPSS, R, Excel and Word.',
    'import': 'Import transcripts (.txt .md .docx .csv .tsv .xlsx .vtt .srt .pdf .rtf .odt, or a .qdpx project).',
    'import-codings': 'Codings from a spreadsheet (.xlsx/.csv): one row per coding, or one row per turn with 0/1 code columns.',
    'init': 'Create a project folder with the shipped codebooks and an empty database.',
    'join': 'Join the participant × code matrix with questionnaire scores on the participant id.',
    'keywords': 'Learn keywords from coded segments and add them to a codebook.',
    'memo': 'Add a memo to a target: qualcode memo case S01 "家庭支持很强" (a segment is DOC:N, e.g. S01_pre:4).',
    'memos': 'List, change, delete and export memos (add one with `qualcode memo TARGET ID TEXT`).',
    'merge': "Bring in another project's codings for the same transcripts (matched by content hash).",
    'next': 'Uncoded participant turns to code next: those the learned model is least sure about first.',
    'pseudonymize': 'Replace real names and places in the transcripts with stable placeholders; codings follow the text.',
    'redo': 'Redo the action you undid most recently.',
    'review': 'List flagged codings: a revised transcript changed or deleted their words, or `doctor --repair` clipped them.',
    'scores': 'Questionnaire scales: item answers to factor scores.',
    'status': 'Documents, cases, segments, and coding/suggestion progress.',
    'suggest': "Suggest codes for every participant turn from the codebooks' keywords and your own codings.",
    'suggestions': 'Review stored suggestions from the command line.',
    'tui': 'Open the coding workbench (a terminal UI) on the project.',
    'undo': 'Undo your most recent action (works across sessions and with the TUI).',
}
