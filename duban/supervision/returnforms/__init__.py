"""Return forms (回执表): per-unit Excel and Word forms of a round, and importing them back filled in.

Offices that still collect progress by file get the same round as those online: `writing`
writes each lead unit a form pre-filled with its items, targets and last round's entries;
`reading` reads a filled form; `importing` lists every value the form would change and, once
confirmed, writes them through the same entry rules as an online report.

A form carries its own key so that import depends neither on row order nor on sheet layout:

* Excel: a very hidden sheet holds the round id, the unit id and the list kind, and a hidden,
  locked column "事项编号" holds each row's Item.pk; columns are found by their header text.
* Word: the round and unit are the document's `identifier` property and also hidden text after
  the heading; each 序号 cell ends with hidden text "#<Item.pk>" (Word and WPS keep hidden runs
  when users type into other cells).

Empty cells change nothing: a form never clears what was reported online or by an earlier form.
"""
