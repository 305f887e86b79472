def test_a_refused_form_is_summed_up_at_the_top_with_a_link_to_each_field(client, manager):
    from django.urls import reverse

    client.force_login(manager)
    page = client.post(reverse("invoicing:contracts"), {"number": "", "starts_on": "x"})
    html = page.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert "Ei tallennettu: 3 korjattavaa" in summary
    assert 'href="#id_number"' in summary and 'href="#id_starts_on"' in summary
    assert html.index('class="error-summary"') < html.index('name="number"')
