"""Use-cases shared by the command line and the web app: each interface calls one per action.

One module per subject: ``programmes`` (plan, today, sessions, moves, swaps), ``training_log``
(sets, check-ins, self-tests), ``progress``, ``transfer`` (import and export), ``accounts`` and
``clock`` (the app's one clock).
"""
