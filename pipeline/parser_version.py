"""The parser's version, on its own so that modules that only check it do not import the parser.

Bump it when parsing changes what a page gives: every content parsed by an older version is parsed
again once (its cached summary no longer matches), and the papers and warehouse are rebuilt.
"""

PARSER_VERSION = 67
