"""veeduria.review: the review queue, decisions and agreement.

- `veeduria.review.state`: what a claim's decisions amount to (accepted, rejected, edited,
  unreviewed), and `reviewed_claims()` for `--reviewed-only` listings;
- `veeduria.review.queue.next_claims`: the next claims to review, most valuable first;
- `veeduria.review.decisions`: accept, reject, edit, merge/split judgements;
- `veeduria.review.agreement.agreement`: pairwise agreement and Cohen's kappa.

The CLI's reusable `--reviewed-only` option is `veeduria.cli.review.reviewed_only_option`.
"""
