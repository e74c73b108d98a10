"""Evidence synthesis for public calls for evidence.

The data flow, one module per step::

    questions -> load -> validate -> extract (nlp, knowledge, redact) -> analyse -> charts -> publish
"""

__version__ = "0.1.0"
