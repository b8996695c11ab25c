"""The moderation service's rules, each with the writes it makes: how a story is received
(``submissions``), moderated and answered (``lifecycle``), checked (``integrity``), announced
(``events``), and who may do what (``auth``); homes, shares, device contact and text replies too.
"""
