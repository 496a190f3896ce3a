//! Catalogue section: files a user gives Mitra (CSV and spreadsheets, on the command line and in
//! uploads) that cannot be read, and why. Each says what is wrong, where, and what to do; the
//! limits are filled in from `mitra_files::limits`.

/// `(key, Indonesian, English)`, Indonesian first.
pub(super) static ENTRIES: &[(&str, &str, &str)] = &[
    ("file.at_line", "baris {line}", "line {line}"),
    ("file.empty", "berkas kosong (0 bita); pilih berkas yang berisi tabel", "the file is empty (0 bytes); choose the file that holds the table"),
    ("file.not_utf8", "teks bukan UTF-8; simpan ulang sebagai \"CSV UTF-8\"", "the text is not UTF-8; save it again as \"CSV UTF-8\""),
    ("file.csv", "CSV tidak dapat dibaca ({detail})", "the CSV cannot be read ({detail})"),
    ("file.not_workbook", "bukan buku kerja XLSX: isinya {content}; simpan dari Excel atau LibreOffice sebagai .xlsx, atau ekspor sebagai .csv", "not an XLSX workbook: it holds {content}; save it from Excel or LibreOffice as .xlsx, or export it as .csv"),
    ("file.not_csv", "bukan teks CSV: isinya {content}; beri nama berakhiran sesuai isinya (.xlsx untuk buku kerja Excel), atau ekspor sebagai .csv", "not CSV text: it holds {content}; give it a name ending as its content is (.xlsx for an Excel workbook), or export it as .csv"),
    ("file.content.zip_any", "arsip ZIP (buku kerja XLSX?)", "a ZIP archive (an XLSX workbook?)"),
    ("file.content.pdf", "dokumen PDF", "a PDF document"),
    ("file.content.ole", "buku kerja Excel 97–2003 (.xls) atau berkas berkata sandi", "an Excel 97–2003 workbook (.xls) or a password-protected file"),
    ("file.content.text", "teks biasa (CSV? beri nama berakhiran .csv)", "plain text (CSV? give it a name ending in .csv)"),
    ("file.content.zip", "arsip ZIP tanpa buku kerja (misalnya dokumen Word)", "a ZIP archive without a workbook (a Word document, for example)"),
    ("file.content.unknown", "data yang tidak dikenali", "data of an unknown kind"),
    ("file.unsupported", "berkas {format} tidak dibaca, karena pembacanya menyiapkan seluruh kisi sel sebelum ukurannya dapat dibatasi; simpan sebagai .xlsx atau .csv lalu coba lagi", "{format} files are not read, because their reader lays out the whole grid of cells before its size can be bounded; save it as .xlsx or .csv and try again"),
    ("file.damaged", "buku kerja XLSX rusak atau tidak lengkap (terpotong saat disalin atau diunggah?); buka dan simpan ulang di Excel atau LibreOffice, atau ekspor sebagai .csv", "the XLSX workbook is damaged or incomplete (cut off while copying or uploading?); open and save it again in Excel or LibreOffice, or export it as .csv"),
    ("file.encrypted", "buku kerja dilindungi kata sandi; buka kuncinya lalu simpan ulang", "the workbook is password-protected; remove the password and save it again"),
    ("file.too_large", "buku kerja berisi lebih dari {limit} MiB setelah dibuka (batasnya {limit} MiB); simpan tabel sebagai .csv", "the workbook holds more than {limit} MiB once unpacked (the limit is {limit} MiB); save the table as .csv"),
    ("file.entry_too_large", "bagian '{entry}' buku kerja berisi lebih dari {limit} MiB setelah dibuka (batasnya {limit} MiB per bagian); simpan tabel sebagai .csv", "part '{entry}' of the workbook holds more than {limit} MiB once unpacked (the limit is {limit} MiB a part); save the table as .csv"),
    ("file.too_many_entries", "buku kerja terdiri atas lebih dari {limit} bagian (batasnya {limit}); simpan tabel sebagai .csv", "the workbook has more than {limit} parts (the limit is {limit}); save the table as .csv"),
    ("file.too_many_cells", "lembar '{sheet}' berisi lebih dari {limit} sel terisi (batasnya {limit}); untuk tabel sebesar itu pakai .csv", "sheet '{sheet}' holds more than {limit} filled cells (the limit is {limit}); use .csv for a table that large"),
    ("file.table_too_large", "tabel mencakup {rows} baris × {columns} kolom, lebih dari {limit} sel (batasnya); hapus baris dan kolom yang tidak dipakai, atau pakai .csv", "the table spans {rows} rows × {columns} columns, more than {limit} cells (the limit); delete unused rows and columns, or use .csv"),
    ("file.no_sheet", "buku kerja tidak punya lembar", "the workbook has no sheet"),
    ("file.sheet_not_found", "lembar '{sheet}' tidak ada; yang ada: {available}", "there is no sheet '{sheet}'; available: {available}"),
    ("file.not_a_worksheet", "lembar '{sheet}' bukan lembar kerja (grafik?); pilih lembar yang berisi tabel", "sheet '{sheet}' is not a worksheet (a chart?); choose the sheet that holds the table"),
];
