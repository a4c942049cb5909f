"""Feedback from the public, and what partners do with it. Queries and rules only: no Flask here.

reports: a problem with a listing (from a service card), seen by moderators and the listing's organisation.
suggestions: a service we do not list yet, in the admins' queue.
"""
