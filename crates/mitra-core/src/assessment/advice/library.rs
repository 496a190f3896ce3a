//! The shipped recommendations: one per component and maturity level 1–4, each the next step
//! for a small business owner at that level, in Indonesian and English.

use crate::assessment::Component::{self, *};

/// `(component, level, Indonesian, English)`.
pub(super) const DEFAULT: [(Component, u8, &str, &str); 36] = [
    (
        JointPlanning,
        1,
        "Mulailah dengan satu pertemuan singkat setiap bulan bersama pembeli untuk membahas pesanan bulan depan. Catat jumlah dan tanggal kirim yang disepakati di buku atau pesan WhatsApp agar kedua pihak memegang catatan yang sama.",
        "Start with one short meeting a month with your buyer to talk about next month's orders. Write the agreed quantities and delivery dates in a notebook or a WhatsApp message so both sides hold the same record.",
    ),
    (
        JointPlanning,
        2,
        "Sepakati rencana pengiriman bulanan dengan pembeli; mulailah dengan lembar kerja bersama yang sederhana (misalnya Google Sheets). Minta pembeli membagikan perkiraan pesanan tiga bulan ke depan dan rencanakan pembelian bahan baku Anda dari situ.",
        "Agree a monthly delivery plan with your buyer; start with a simple shared spreadsheet (for example Google Sheets). Ask the buyer for a three-month order forecast and plan your raw-material purchases on it.",
    ),
    (
        JointPlanning,
        3,
        "Tuliskan tujuan bersama untuk satu tahun (volume, mutu, produk baru) dan tinjau setiap triwulan bersama pembeli. Bandingkan rencana dengan pesanan nyata agar perkiraan makin tepat.",
        "Write down shared goals for the year (volume, quality, new products) and review them with your buyer every quarter. Compare the plan with actual orders so the forecast gets better each time.",
    ),
    (
        JointPlanning,
        4,
        "Ajak pembeli menyusun rencana strategis bersama untuk dua sampai tiga tahun, termasuk kapasitas dan investasi yang diperlukan. Libatkan pemasok bahan baku Anda agar seluruh rantai bekerja dengan rencana yang sama.",
        "Invite your buyer to draw up a joint two-to-three-year strategic plan, including the capacity and investment it needs. Bring in your own raw-material suppliers so the whole chain works to the same plan.",
    ),
    (
        JointOperationControl,
        1,
        "Pilih tiga ukuran sederhana bersama pembeli: ketepatan waktu kirim, jumlah barang yang ditolak, dan harga. Catat ketiganya untuk setiap pengiriman.",
        "Choose three simple measures with your buyer: on-time delivery, the number of rejected items and price. Record all three for every delivery.",
    ),
    (
        JointOperationControl,
        2,
        "Tinjau catatan pengiriman dan mutu bersama pembeli setiap bulan. Bila ada masalah, cari penyebabnya bersama dan sepakati satu langkah perbaikan, bukan saling menyalahkan.",
        "Review the delivery and quality record with your buyer every month. When something goes wrong, look for the cause together and agree one fix instead of assigning blame.",
    ),
    (
        JointOperationControl,
        3,
        "Sepakati standar mutu tertulis dan cara pemeriksaan yang sama di tempat Anda dan di tempat pembeli. Jalankan satu program perbaikan bersama setiap semester, misalnya mengurangi cacat kemasan.",
        "Agree written quality standards and the same inspection method at your site and the buyer's. Run one joint improvement project every half-year, for example cutting packaging defects.",
    ),
    (
        JointOperationControl,
        4,
        "Bagikan data kinerja secara terbuka dan otomatis, misalnya lewat aplikasi bersama, sehingga masalah terlihat sebelum barang dikirim. Beri wewenang kepada tim di kedua pihak untuk melakukan perubahan kecil tanpa menunggu persetujuan.",
        "Share performance data openly and automatically, for example through a shared app, so problems show before goods leave. Let the teams on both sides make small changes without waiting for approval.",
    ),
    (
        Communication,
        1,
        "Tentukan satu orang penghubung di usaha Anda dan satu di pihak pembeli, dan simpan nomor masing-masing. Beri tahu pembeli secepatnya bila pengiriman akan terlambat; jangan menunggu ditanya.",
        "Name one contact person in your business and one at the buyer, and keep each other's numbers. Tell the buyer as soon as a delivery will be late; do not wait to be asked.",
    ),
    (
        Communication,
        2,
        "Buat grup WhatsApp bersama pembeli untuk kabar pesanan, stok dan masalah, dan kirim ringkasan stok setiap minggu. Tanyakan kepada pembeli kabar pasar yang membantu Anda merencanakan produksi.",
        "Set up a WhatsApp group with your buyer for news on orders, stock and problems, and send a stock summary every week. Ask the buyer for market news that helps you plan production.",
    ),
    (
        Communication,
        3,
        "Adakan pertemuan rutin di beberapa tingkat: pemilik dengan manajer pembelian, bagian produksi dengan bagian gudang. Simpan stok dan pesanan dalam satu lembar kerja bersama yang diperbarui kedua pihak.",
        "Hold regular meetings at several levels: owner with purchasing manager, production with the warehouse. Keep stock and orders in one shared spreadsheet that both sides update.",
    ),
    (
        Communication,
        4,
        "Hubungkan catatan stok dan pesanan Anda dengan sistem pembeli agar keduanya melihat angka yang sama setiap hari. Bagikan juga rencana produk baru dan kabar pasar sejak dini.",
        "Link your stock and order records to the buyer's system so both see the same figures every day. Share plans for new products and market news early as well.",
    ),
    (
        Trust,
        1,
        "Tepati setiap janji kecil: kirim tepat waktu, dengan jumlah dan mutu yang disepakati. Bila tidak bisa, katakan sejujurnya sebelum tenggat.",
        "Keep every small promise: deliver on time, in the agreed quantity and quality. When you cannot, say so honestly before the deadline.",
    ),
    (
        Trust,
        2,
        "Catat janji dan kesepakatan dengan pembeli, lalu tunjukkan dari bulan ke bulan bahwa Anda menepatinya. Terbuka tentang biaya dan kendala Anda membantu pembeli mempercayai harga yang Anda minta.",
        "Write down your promises and agreements with the buyer and show month after month that you keep them. Being open about your costs and constraints helps the buyer trust the price you ask.",
    ),
    (
        Trust,
        3,
        "Usulkan agar pembeli mengurangi pemeriksaan barang datang untuk produk yang selalu lolos mutu. Selesaikan perselisihan dengan adil walaupun Anda sebenarnya bisa mengambil untung sepihak.",
        "Propose that the buyer reduces incoming inspection for products that always pass. Settle disagreements fairly even when you could take a one-sided advantage.",
    ),
    (
        Trust,
        4,
        "Jadikan keberhasilan pembeli ukuran keberhasilan Anda: bagikan ide penghematan walaupun mengurangi penjualan Anda sendiri. Bangun hubungan di beberapa tingkat agar kepercayaan tidak bergantung pada satu orang.",
        "Make the buyer's success your measure of success: share cost-saving ideas even when they reduce your own sales. Build ties at several levels so trust does not rest on one person.",
    ),
    (
        Commitment,
        1,
        "Putuskan apakah pembeli ini layak menjadi mitra jangka panjang, dan sampaikan niat Anda kepadanya. Dahulukan pesanannya saat kapasitas terbatas.",
        "Decide whether this buyer is worth a long-term partnership, and tell them you intend one. Give its orders priority when capacity is short.",
    ),
    (
        Commitment,
        2,
        "Bicarakan dengan pembeli rencana kerja sama untuk satu sampai dua tahun ke depan. Tunjuk satu orang yang bertanggung jawab atas pesanannya.",
        "Talk with your buyer about working together for the next one or two years. Make one person responsible for its orders.",
    ),
    (
        Commitment,
        3,
        "Tunjukkan kesediaan berkorban jangka pendek, misalnya menahan harga saat bahan baku naik sedikit, dengan pembagian yang adil disepakati untuk kemudian. Rencanakan pertumbuhan usaha Anda bersama pertumbuhan pembeli.",
        "Show you will make short-term sacrifices, such as holding the price through a small rise in raw-material costs, with a fair sharing agreed for later. Plan your own growth together with the buyer's.",
    ),
    (
        Commitment,
        4,
        "Jadikan kemitraan ini bagian dari rencana usaha jangka panjang kedua pihak, tanpa batas waktu. Kembangkan produk atau pasar baru bersama.",
        "Make the partnership part of both businesses' long-term plans, with no end date. Develop new products or markets together.",
    ),
    (
        ContractStyle,
        1,
        "Mulailah dengan kesepakatan tertulis sederhana untuk setiap pesanan: barang, jumlah, mutu, harga dan tanggal kirim. Surat pesanan atau pesan WhatsApp yang disetujui kedua pihak sudah merupakan awal yang baik.",
        "Start with a simple written agreement for every order: goods, quantity, quality, price and delivery date. A purchase order or a WhatsApp message both sides approve is a good start.",
    ),
    (
        ContractStyle,
        2,
        "Minta kontrak tertulis yang berlaku beberapa bulan dan mengatur mutu, harga, jumlah dan waktu kirim. Dinas Koperasi dan UKM atau pendamping usaha dapat membantu memeriksa isinya.",
        "Ask for a written contract that runs several months and sets quality, price, quantity and delivery time. The cooperative and SME office or a business coach can help you check its terms.",
    ),
    (
        ContractStyle,
        3,
        "Perpanjang kontrak menjadi lebih dari satu tahun dan tambahkan cara menyelesaikan perselisihan serta cara menyesuaikan harga. Pastikan kontrak mengikuti salah satu pola kemitraan dalam PP 7/2021.",
        "Extend the contract beyond one year and add how disputes are settled and how prices are adjusted. Make sure it follows one of the partnership patterns of Government Regulation 7/2021.",
    ),
    (
        ContractStyle,
        4,
        "Beralihlah ke perjanjian kerangka yang luas tanpa batas waktu, dengan rincian teknis di lampiran yang mudah diperbarui. Tinjau perjanjian itu bersama setiap tahun.",
        "Move to a broad framework agreement with no end date, with the technical details in annexes that are easy to update. Review it together every year.",
    ),
    (
        Scope,
        1,
        "Tuliskan dengan jelas kegiatan apa saja yang tercakup dalam kerja sama, misalnya hanya pemasokan satu produk. Pastikan kedua pihak tahu siapa mengerjakan apa.",
        "Write down clearly which activities the partnership covers, for example supplying one product only. Make sure both sides know who does what.",
    ),
    (
        Scope,
        2,
        "Tawarkan kepada pembeli satu kegiatan tambahan yang dapat Anda kerjakan dengan baik, misalnya pengemasan atau pengantaran. Tambahkan produk lain bila mutu produk pertama sudah stabil.",
        "Offer the buyer one more activity you can do well, such as packing or delivery. Add other products once the first one's quality is stable.",
    ),
    (
        Scope,
        3,
        "Usahakan menjadi pemasok utama untuk produk ini dengan menunjukkan kapasitas dan mutu yang andal. Bahas bersama pembeli kegiatan lain seperti pemasaran atau pengembangan produk.",
        "Work towards being the main supplier of this product by showing reliable capacity and quality. Discuss other activities, such as marketing or product development, with the buyer.",
    ),
    (
        Scope,
        4,
        "Pegang bagian penting dalam rantai pasok pembeli, termasuk produk yang kritis bagi usahanya. Sepakati peran masing-masing untuk setiap kegiatan, dari pengadaan sampai distribusi.",
        "Take on a critical part of the buyer's supply chain, including items that matter most to its business. Agree each side's role in every activity, from procurement to distribution.",
    ),
    (
        JointInvestment,
        1,
        "Mulailah dari hal kecil yang murah: minta pembeli meminjamkan contoh produk, cetakan atau alat uji mutu. Catat apa yang dibagi agar jelas milik siapa.",
        "Start small and cheap: ask the buyer to lend product samples, moulds or quality-testing tools. Record what is shared so ownership stays clear.",
    ),
    (
        JointInvestment,
        2,
        "Usulkan pelatihan bersama, misalnya pelatihan mutu atau keamanan pangan yang biayanya ditanggung berdua. Program pelatihan Dinas Koperasi dan UKM dapat mengurangi biayanya.",
        "Propose joint training, such as quality or food-safety training with the cost shared. Training programmes of the cooperative and SME office can lower the cost.",
    ),
    (
        JointInvestment,
        3,
        "Bagi biaya satu peralatan yang menaikkan mutu atau kapasitas untuk pesanan pembeli, dengan kesepakatan tertulis tentang kepemilikan dan pengembalian biaya. Pertimbangkan aplikasi pesanan atau stok bersama.",
        "Share the cost of one piece of equipment that raises quality or capacity for the buyer's orders, with a written agreement on ownership and repayment. Consider a shared ordering or stock app.",
    ),
    (
        JointInvestment,
        4,
        "Rencanakan investasi bersama yang lebih besar dalam riset produk, sistem informasi atau fasilitas produksi. Tempatkan orang dari kedua pihak dalam satu tim proyek.",
        "Plan larger joint investments in product research, information systems or production facilities. Put people from both sides in one project team.",
    ),
    (
        RiskRewardSharing,
        1,
        "Bicarakan dengan pembeli apa yang terjadi bila harga bahan baku naik atau pesanan dibatalkan. Tuliskan kesepakatan sederhana tentang siapa menanggung apa.",
        "Talk with your buyer about what happens if raw-material prices rise or an order is cancelled. Write down a simple agreement on who bears what.",
    ),
    (
        RiskRewardSharing,
        2,
        "Sepakati rumus penyesuaian harga untuk bahan baku utama, misalnya ditinjau setiap tiga bulan. Catat penghematan yang dicapai bersama dan sepakati cara membaginya.",
        "Agree a price-adjustment formula for the main raw material, for example reviewed every three months. Record savings made together and agree how to split them.",
    ),
    (
        RiskRewardSharing,
        3,
        "Bagi keuntungan dari perbaikan bersama secara adil, misalnya separuh penghematan biaya untuk masing-masing pihak. Sepakati juga cara menanggung kerugian saat permintaan turun tajam.",
        "Share the gains from joint improvements fairly, for example half of every cost saving to each side. Agree as well how losses are carried when demand falls sharply.",
    ),
    (
        RiskRewardSharing,
        4,
        "Kaitkan sebagian pendapatan kedua pihak dengan hasil bersama, misalnya bonus bila target penjualan ke konsumen akhir tercapai. Tinjau pembagian risiko dan keuntungan setiap tahun.",
        "Tie part of both sides' income to shared results, for example a bonus when sales targets to end customers are met. Review the sharing of risk and reward every year.",
    ),
];
