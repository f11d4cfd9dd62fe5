"""The full-screen board, built on Textual.

Only :mod:`standup.ui.run` is imported by the CLI, and it imports Textual lazily, so
``standup ask`` never pays for the UI. Data flows one way: a key → a dialog → a
:mod:`standup.ops` call in a worker thread → the store writes → every open board sees the
file change → reloads in a worker → widgets re-render from the new :class:`BoardView`.
"""
