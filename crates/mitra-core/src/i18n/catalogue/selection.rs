//! Catalogue section: Sourcing events: candidates, quotes, weights, ranking and decisions (supplier selection).

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[
    // ---- errors --------------------------------------------------------------------------
    (
        "selection.quantity_positive",
        "Jumlah harus paling sedikit 1.",
        "The quantity must be at least 1.",
    ),
    ("selection.price_positive", "Harga harus lebih dari nol.", "The price must be above zero."),
    ("selection.too_many_criteria", "Paling banyak 20 kriteria.", "At most 20 criteria."),
    (
        "selection.criterion_exists",
        "Kriteria dengan nama ini sudah ada.",
        "A criterion with this name exists already.",
    ),
    (
        "selection.value_number",
        "Harus berupa angka, misalnya 72,5.",
        "Must be a number, e.g. 72.5.",
    ),
    (
        "selection.value_percent",
        "Nilai harus antara 0 dan 100.",
        "The value lies between 0 and 100.",
    ),
    (
        "selection.not_candidate",
        "Bukan kandidat yang ikut pemeringkatan.",
        "Not a candidate taking part in the ranking.",
    ),
    (
        "selection.no_winner",
        "Pilih paling sedikit satu pemenang dengan jumlahnya.",
        "Choose at least one winner with its quantity.",
    ),
    (
        "selection.award_sum",
        "Jumlah yang dibagi harus sama dengan jumlah kebutuhan.",
        "The awarded quantities must add up to the quantity needed.",
    ),
    (
        "selection.weight_number",
        "Bobot harus berupa angka tidak negatif.",
        "A weight is a non-negative number.",
    ),
    (
        "selection.weights_zero",
        "Paling sedikit satu bobot harus lebih dari nol.",
        "At least one weight must be above zero.",
    ),
    (
        "selection.judgment_scale",
        "Pilih nilai dari skala Saaty (1/9 sampai 9).",
        "Choose a value of Saaty's scale (1/9 to 9).",
    ),
    (
        "selection.closed",
        "Seleksi ini sudah diputuskan dan dibekukan; buka revisi baru untuk mengubahnya.",
        "This selection is decided and frozen; open a new revision to change it.",
    ),
    (
        "selection.already_candidate",
        "Organisasi ini sudah menjadi kandidat.",
        "This organisation is a candidate already.",
    ),
    ("selection.candidate_kind", "Kandidat harus UMKM.", "A candidate must be an UMKM."),
    (
        "selection.not_ready",
        "Seleksi belum dapat diperingkat.",
        "The selection cannot be ranked yet.",
    ),
    (
        "selection.no_assessment",
        "Belum ada penilaian kesiapan yang sudah dikirim untuk dibagikan.",
        "There is no submitted readiness assessment to share.",
    ),
    // ---- domain values --------------------------------------------------------------------
    ("selection.status.open", "Terbuka", "Open"),
    ("selection.status.decided", "Diputuskan", "Decided"),
    ("selection.status.superseded", "Diganti revisi baru", "Superseded"),
    ("selection.origin.registry", "Dari registri", "From the registry"),
    ("selection.origin.invited", "Diundang", "Invited"),
    ("selection.response.pending", "Belum menjawab", "No answer yet"),
    ("selection.response.accepted", "Ikut", "Taking part"),
    ("selection.response.declined", "Menolak", "Declined"),
    ("selection.source.self_assessment", "Penilaian mandiri", "Self-assessment"),
    ("selection.source.assessor", "Penilai lembaga", "Institution assessor"),
    ("selection.source.buyer", "Penilaian pembeli", "Buyer's rating"),
    ("selection.source.quote", "Penawaran", "Quote"),
    ("selection.source.entered", "Diisi pembeli", "Entered by the buyer"),
    ("selection.weight_mode.direct", "Bobot langsung (persen)", "Direct weights (percent)"),
    ("selection.weight_mode.ahp", "AHP (perbandingan berpasangan)", "AHP (pairwise comparison)"),
    ("selection.indicator.on_time", "ketepatan waktu pengiriman", "on-time delivery"),
    ("selection.indicator.quality", "mutu (tingkat penerimaan)", "quality (acceptance rate)"),
    ("selection.indicator.price", "harga satuan", "unit price"),
];
