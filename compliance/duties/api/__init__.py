"""/api/v1/ resources of the monitoring duties. Thin: scope from the selectors, writes
through compliance.duties.services, errors in the API's one format.

    GET  homes/{urn}/duties/             each catalogue duty: last done, next due, state
    GET/POST        duty-visits/         Regulation 44 visits (PATCH: report sent dates)
    GET/POST        duty-reviews/        Regulation 45 reviews (PATCH: sent to Ofsted on)
    GET/POST        duty-notifications/  Regulation 40 events (PATCH: who was told, when)
    GET/PATCH       duty-actions/        actions from visits and reviews (status, owner, due)
"""
