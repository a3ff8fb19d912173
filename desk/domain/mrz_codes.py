"""Nationality and issuing-state codes of machine-readable zones (ICAO Doc 9303,
part 3, section 5: ISO 3166-1 alpha-3 codes plus the codes ICAO adds)."""

from __future__ import annotations

#: ISO 3166-1 alpha-3 (from Debian iso-codes)
_ISO3166 = (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES "
    "BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE "
    "CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK "
    "DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB "
    "GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND "
    "IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN "
    "LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT "
    "MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR "
    "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU "
    "RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN "
    "SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA "
    "UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE "
)
ISO3166_ALPHA3 = frozenset(_ISO3166.split())

#: codes ICAO 9303 part 3 adds to ISO 3166-1, with what they stand for
ICAO_SPECIAL = {
    "D": "Germany",
    "EUE": "European Union",
    "GBD": "British Overseas Territories citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas citizen",
    "GBP": "British protected person",
    "GBS": "British subject",
    "RKS": "Kosovo",
    "UNA": "specialized agency of the United Nations",
    "UNK": "resident of Kosovo (UNMIK travel document)",
    "UNO": "United Nations organization",
    "XBA": "African Development Bank",
    "XCC": "Caribbean Community",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XDC": "Southern African Development Community",
    "XEC": "Economic Community of West African States",
    "XES": "Organisation of Eastern Caribbean States",
    "XIM": "African Export-Import Bank",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "Interpol",
    "XXA": "stateless person (1954 Convention)",
    "XXB": "refugee (1951 Convention)",
    "XXC": "refugee (other than the 1951 Convention)",
    "XXX": "unspecified nationality",
    # codes of states that no longer exist, still seen on old documents
    "ANT": "Netherlands Antilles",
    "NTZ": "Neutral Zone",
    "SCG": "Serbia and Montenegro",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    # the fictional state of the ICAO 9303 specimens
    "UTO": "Utopia (ICAO specimen)",
}

MRZ_CODES = ISO3166_ALPHA3 | frozenset(ICAO_SPECIAL)


def is_known_code(code: str) -> bool:
    """True when ``code`` (fillers stripped, e.g. "D" for "D<<") is a nationality or
    issuing-state code an MRZ may carry."""
    return code in MRZ_CODES
