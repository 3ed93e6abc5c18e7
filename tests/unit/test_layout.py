"""`generator.layout`: long calls and empty brackets laid out exactly as `ruff format` does, and
nothing else touched (docstrings, comments, shapes whose layout is not certain)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.layout import final_layout, needs_formatter


def _ruff(source: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--line-length", "100", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


CASES = [
    # fits on one indented line
    'X = {\n    "tag_value_match_mode": Param("query", "tag_value_match_mode", check=_v.validate_'
    "list_gadgets__tag_value_match_mode),\n}\n",
    # one argument per line, nested call kept whole, one-element tuple not a magic comma
    'X = {\n    "200": ResponseSpec(codecs.list_of(codecs.model(models.Gadget)).decode, '
    '"application/json", check=_v.validate_list_gadgets__r_200, json_types=("array",)),\n}\n',
    # strings holding brackets, commas and quotes
    r"""f(
    g("a(b", 'x, "y")', 'c"d', keyword_argument_number_one=1, keyword_argument_number_two=2222),
)
""",
    # empty brackets closed on their line
    "X = Operation(\n    params={\n    },\n    responses={\n    },\n)\n",
    "CREDENTIALS: dict[str, str] = {\n}\n",
    # a long import: one name per line
    "from ._tag_virtual_private_gateway import JunctionMirroringPeer, "
    "UpdateVirtualPrivateGatewayTagsRequestItem\n",
    # a one-element tuple as the only argument: on its own line, else its item on its own
    'DailyBillResponse.bind_fields((Field("bill_list", "billList", '
    "codecs.list_of(codecs.model(DailyBill))),))\n",
    'ListShippingAddressResponse.bind_fields((Field("shipping_addresses", "shippingAddresses", '
    "codecs.list_of(codecs.model(GetShippingAddressResponseXXXXXXXXXXXXXXXXXXX))),))\n",
    # an argument line that is itself too long is split again
    "result = outer_function(first_argument_value, inner_function(aaaaaaaaaaaaaaaaaaaaaaaa, "
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccccccccccccc, ddddddddddddddd), x)\n",
    # a single argument on its own line, without a trailing comma; a call in it split in turn
    "value = some_function(argument_number_one_is_very_long_indeed_and_longer_than_the_line_is_wide_xxxxxxx)\n",
    "class R:\n    def __init__(self, resource: Any) -> None:\n        self.update_sora_cam_device_"
    "export_usage_limit_override = to_raw_response_wrapper(resource.update_sora_cam_device_export_"
    "usage_limit_override)\n",
    "async def f() -> None:\n    return await self._client.request(codecs.list_of(codecs.list_of("
    "codecs.enum(SignTemplateAdditionalInfoRequiredSignersItemItem))))\n",
    # `target = call(` too wide: the value in parentheses
    "class R:\n    def __init__(self, resource: Any) -> None:\n        self.update_sora_cam_device_"
    "atom_cam_options_real_time_access_xxxxxxxxxxxxxx = to_raw_response_wrapper(resource.update_sora"
    "_cam_device_atom_cam_options_real_time_access)\n",
    # an operation constant: the call in parentheses, or the annotation's subscript split
    "ASSIGN_SORA_CAM_DEVICE_ATOM_CAM_LICENSE: Operation[models.SoraCamDeviceLicenseUpdate | None] = "
    'Operation(\n    operation_id="assignSoraCamDeviceAtomCamLicense",\n    params={\n        '
    '"device_id": Param("path", "device_id", required=True, explode=False, check=_v.validate_assign_'
    'sora_cam_device_atom_cam_license__device_id),\n    },\n    security=("api_key", "api_token"),\n)\n',
    "GET_SORA_CAM_DEVICE_ATOM_CAM_FIRMWARE_UPDATE: Operation[list[models.SoraCamDevicesFirmwareUpdate]"
    ' | None] = Operation(\n    operation_id="getSoraCamDeviceAtomCamFirmwareUpdate",\n    '
    'security=("api_key", "api_token"),\n)\n',
    # long union annotations: a parameter's one member per line, a class attribute's in parentheses
    "def f(\n    self,\n    authentication: SimDownlinkSshPasswordAuthentication | "
    "SimDownlinkSshPublicKeyAuthentication | SimDownlinkSshNoAuthentication,\n"
    "    tag_value_match_mode: models.ListVirtualPrivateGatewaysTagValueMatchMode"
    " | str | NotGiven = NOT_GIVEN,\n    cashapp_handle_"
    "redirect_or_display_qr_code: PaymentIntentNextActionCashappHandleRedirectOrDisplayQrCodeXXXXXXX"
    " | Unset = UNSET,\n) -> None:\n    pass\n",
    "class M:\n    configuration: OperatorConfigurationOfSupport | OperatorConfigurationOfEmail | "
    "OperatorConfigurationOfUser\n    configuration: OperatorConfigurationOfSupport | OperatorConfig"
    "urationOfEmail | OperatorConfigurationOfUserConsoleXXXXXXXXXXXX\n    configuration: OperatorCon"
    "figurationOfSupport | OperatorConfigurationOfEmail | OperatorConfigurationOfU = UNSET\n",
    # a lone name or string as the value: in parentheses where that fits
    "class M:\n    def __init__(self, x: Any) -> None:\n        self.soracom_transit_gateway_peering_"
    "connections = soracom_transit_gateway_peering_connections\n",
    'UpdateVirtualPrivateGatewayTagsRequest: TypeAlias = "list[UpdateVirtualPrivateGatewayTagsRequest'
    'Item]"\n',
    # `def f(self) -> T:` and `) -> T[inner]:`
    "class C:\n    def virtual_private_gateway(self) -> resources.AsyncVirtualPrivateGatewayResource"
    "WithRawResponse:\n        pass\n",
    "def f(\n    self,\n) -> AsyncIterator[Page[models.SimStatusHistoryResponse, list[models.SimStatus"
    "HistoryResponse]]]:\n    pass\n",
    # `) -> A | B:`: the union in parentheses, on one line if it fits there, else one a line
    "class C:\n    def get_ai_agent_default(\n        self,\n    ) -> models.AiAgentAsk | models.AiAgen"
    "tTextGen | models.AiAgentExtract | models.AiAgentExtractStructured:\n        pass\n",
    "def h(\n    x: int,\n) -> models.AiAgentAskXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX | models.AiAgentTextG"
    "en | models.AiAgentExtracX:\n    pass\n",
    "class C:\n    async def k(\n        self,\n    ) -> models.AiAgentAsk | models.AiAgentTextGen | m"
    "odels.AiAgentExtract | dict[str, models.AiAgentExtractStructured]:\n        pass\n",
    # `NAME: T[A | B] = Call(` whose `T[` must split: the union one member a line if too wide
    "GET_AI_AGENT_DEFAULT: Operation[models.AiAgentAsk | models.AiAgentTextGen | models.AiAgentEx"
    'tract | models.AiAgentExtractStructured] = Operation(\n    operation_id="x",\n)\n',
    "GET_AI_AGENT_DEFAULT_XXXXXXXXXXXXXXXX: Operation[models.AiAgentAsk | models.AiAgentTextGen | m"
    'odels.AiAgentExtract] = Operation(\n    operation_id="x",\n)\n',
    # a tuple display: one item per line, with a trailing comma
    "X = f(\n    None,\n    (\n        (_v.validate_u407_0, codecs.list_of(codecs.model(PostCustomers"
    "CustomerBodyInvoiceSettingsCustomField_1f2da901))),\n        (a, b),\n    ),\n)\n",
    # implicitly concatenated strings: joined where that fits, else one part per line
    'X = Operation(\n    path=("/collaboration_whitelist_exempt_targets/{collaboration_white" '
    '"list_exempt_target_id}"),\n    path=("/legal_hold_policy_assignments/{legal_hold_policy_'
    'assignment" "_id}/file_versions_on_hold"),\n    path=("/virtual_private_gateways/{vpg_id}/'
    'transit_gateway_peering_c" "onnections/{soracom_tgw_peering_attachment_id}"),\n)\n',
]


@pytest.mark.parametrize("source", CASES)
def test_same_as_ruff(source: str) -> None:
    laid_out = final_layout(source, 100)
    assert laid_out == _ruff(source)
    assert not needs_formatter(laid_out, 100)


LEFT_ALONE = [
    # a magic trailing comma: ruff keeps the bracket exploded, not ours to decide
    "value = some_function(argument_number_one, argument_number_two, [item_one, item_two,], "
    "more_arguments_here)\n",
    # a comment on the line
    "value = some_function(argument_number_one, argument_number_two, argument_three)  # a comment "
    "that is long\n",
    # not a call: a parenthesized tuple
    "value = (argument_number_one, argument_number_two, argument_number_three, argument_four_xxxxxxxxxxx, yyyyyy)\n",
]


@pytest.mark.parametrize("source", LEFT_ALONE)
def test_uncertain_shapes_are_left_for_the_formatter(source: str) -> None:
    assert final_layout(source, 100) == source
    assert needs_formatter(source, 100)


def test_docstrings_are_never_touched() -> None:
    source = (
        'def f() -> None:\n    """Summary.\n\n    See some_call(argument_number_one, argument_number_two, '
        'argument_number_three, four)\n    params={\n    }\n    """\n'
    )
    assert final_layout(source, 100) == source
    assert not needs_formatter(source, 100)


def test_width_counts_wide_characters_twice() -> None:
    wide = 'X = f("' + "\u30ab" * 50 + '", y)\n'  # 50 katakana: 100 columns of text
    assert needs_formatter(wide, 100)
    assert not needs_formatter('X = f("' + "\u30ab" * 40 + '")\n', 100)


def test_lone_long_names_and_comments_need_no_formatter() -> None:
    name = "_v.validate_" + "x" * 100
    assert not needs_formatter(f'X = {{\n    "application/json": {name},\n}}\n', 100)
    assert not needs_formatter("# " + "c" * 120 + "\n", 100)


@pytest.mark.parametrize(
    "source",
    [
        # a dict entry of two strings: kept whole (the value is not put in parentheses)
        'MODULES = {\n    "ShieldInformationBarrierSegmentRestrictionType": "_tag_shield_information_'
        'barrier_segment_restrictions",\n}\n',
        # a long function name opening its parameter list
        "def validate_get_shield_information_barrier_segment_restrictions__shield_information_barrier_"
        "segment_id(\n    value: Any,\n    path: str,\n) -> None:\n    pass\n",
    ],
)
def test_lines_ruff_keeps_however_wide_need_no_formatter(source: str) -> None:
    assert max(map(len, source.split("\n"))) > 100
    assert _ruff(source) == source
    assert not needs_formatter(source, 100)
